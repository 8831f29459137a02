#include "api/query/availability_module.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "api/query/block_record.hpp"
#include "api/query/namespace_json.hpp"
#include "api/query/query_test_support.hpp"
#include "common/encoding.hpp"
#include "types/bincode.hpp"

namespace espresso::query {
namespace {

using testing::expect_error;
using testing::get;

constexpr std::uint64_t kBlocks = 6;

class AvailabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::make_store(dir_.file("query.db"), kBlocks);
    ASSERT_TRUE(register_availability_routes(router_, store_, {4, 2}));
  }
  storage::BlockRecord record(std::uint64_t height) { return **store_->block_by_height(height); }
  storage::TempDir dir_;
  std::shared_ptr<storage::QueryStore> store_;
  Router router_;
};

TEST_F(AvailabilityTest, HeaderByHeightHashAndPayloadHash) {
  auto expected = testing::make_block(3).header;
  auto by_height = get(router_, "/v0/availability/header/3");
  ASSERT_EQ(by_height.status, 200);
  EXPECT_EQ(header_from_json(by_height.body), expected);
  auto stored = record(3);
  EXPECT_EQ(get(router_, "/v0/availability/header/hash/" + block_hash_text(stored.block_hash)).body,
            by_height.body);
  EXPECT_EQ(
      get(router_, "/v0/availability/header/payload-hash/" + payload_hash_text(stored.payload_hash))
          .body,
      by_height.body);
}

TEST_F(AvailabilityTest, Ranges) {
  auto headers = get(router_, "/v1/availability/header/1/4");
  ASSERT_EQ(headers.status, 200);
  ASSERT_EQ(headers.body.size(), 3u);
  EXPECT_EQ(headers.body[2]["height"], 3);
  auto blocks = get(router_, "/v1/availability/block/2/4");
  ASSERT_EQ(blocks.status, 200);
  ASSERT_EQ(blocks.body.size(), 2u);
  EXPECT_EQ(blocks.body[0]["header"]["height"], 2);
  EXPECT_EQ(get(router_, "/availability/leaf/0/4").body.size(), 4u);
  EXPECT_EQ(get(router_, "/availability/payload/4/6").body[1]["height"], 5);
  EXPECT_EQ(get(router_, "/availability/block/summaries/0/2").body.size(), 2u);
  auto commons = get(router_, "/availability/vid/common/4/6");
  ASSERT_EQ(commons.body.size(), 2u);
  EXPECT_EQ(commons.body[1], get(router_, "/availability/vid/common/5").body);
  expect_error(router_, "/availability/vid/common/0/3", 400, "limit of 2");
  EXPECT_EQ(get(router_, "/availability/header/3/3").body, nlohmann::json::array());
  // Limits 4 (small) and 2 (large), as configured.
  expect_error(router_, "/availability/header/0/5", 400, "limit of 4");
  expect_error(router_, "/availability/block/0/3", 400, "limit of 2");
  expect_error(router_, "/availability/header/4/2", 400, "'until'");
  expect_error(router_, "/availability/header/4/8", 404, "block 6");
  auto limits = get(router_, "/availability/limits");
  EXPECT_EQ(limits.body["small_object_range_limit"], 4);
  EXPECT_EQ(limits.body["large_object_range_limit"], 2);
}

HttpResponse get_binary(const Router& router, const std::string& path, std::string accept) {
  HttpRequest request{HttpMethod::kGet, path, "", ""};
  request.accept = std::move(accept);
  return router.handle(request);
}

TEST_F(AvailabilityTest, PayloadsAnswerInBinaryWhenAsked) {
  auto stored = record(5);
  auto reply = get_binary(router_, "/v0/availability/payload/5", "application/octet-stream");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.content_type, "application/octet-stream");
  auto framed = bincode::unframe(as_bytes(reply.body));
  ASSERT_TRUE(framed);
  EXPECT_EQ(framed->version, (HeaderVersion{0, 1}));
  auto data = bincode::decode_payload_query_data(framed->body);
  ASSERT_TRUE(data) << data.error().message;
  EXPECT_EQ(data->height, 5u);
  EXPECT_EQ(data->block_hash.to_string(), block_hash_text(stored.block_hash));
  EXPECT_EQ(data->payload_hash.to_string(), payload_hash_text(stored.payload_hash));
  EXPECT_EQ(data->size, stored.payload.size());
  EXPECT_TRUE(std::ranges::equal(data->raw_payload, stored.payload));
  EXPECT_TRUE(std::ranges::equal(data->ns_table, testing::make_block(5).header.ns_table.bytes()));

  // The hash routes answer the same bytes; the range form is a Vec of them.
  EXPECT_EQ(
      get_binary(router_, "/v0/availability/payload/hash/" + payload_hash_text(stored.payload_hash),
                 "application/octet-stream")
          .body,
      reply.body);
  auto range = get_binary(router_, "/v0/availability/payload/4/6", "application/octet-stream");
  ASSERT_EQ(range.status, 200);
  auto range_framed = bincode::unframe(as_bytes(range.body));
  ASSERT_TRUE(range_framed);
  Reader reader(range_framed->body);
  EXPECT_EQ(*reader.u64(), 2u);
  EXPECT_TRUE(std::ranges::equal(range_framed->body.last(framed->body.size()), framed->body));

  // JSON unless binary is asked for first; errors stay JSON; routes without a binary form too.
  EXPECT_EQ(get_binary(router_, "/v0/availability/payload/5",
                       "application/json, "
                       "application/octet-stream")
                .content_type,
            "application/json");
  EXPECT_EQ(get_binary(router_, "/v0/availability/payload/5", "").content_type, "application/json");
  auto missing = get_binary(router_, "/v0/availability/payload/99", "application/octet-stream");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.content_type, "application/json");
  EXPECT_EQ(
      get_binary(router_, "/v0/availability/header/5", "application/octet-stream").content_type,
      "application/json");
}

TEST_F(AvailabilityTest, BlockPayloadLeafVidCommonAndSummary) {
  auto stored = record(5);
  auto block = get(router_, "/v0/availability/block/5");
  ASSERT_EQ(block.status, 200);
  EXPECT_EQ(block.body["hash"], block_hash_text(stored.block_hash));
  EXPECT_EQ(block.body["size"], stored.payload.size());
  EXPECT_EQ(block.body["num_transactions"], 4);  // 2 in each namespace
  auto payload = payload_from_json(block.body["payload"]);
  ASSERT_TRUE(payload);
  EXPECT_EQ(payload->raw_payload, stored.payload);
  EXPECT_EQ(get(router_, "/v0/availability/block/hash/" + block_hash_text(stored.block_hash)).body,
            block.body);
  EXPECT_EQ(
      get(router_, "/v0/availability/block/payload-hash/" + payload_hash_text(stored.payload_hash))
          .body["hash"],
      block.body["hash"]);

  auto payload_reply = get(router_, "/v0/availability/payload/5");
  EXPECT_EQ(payload_reply.body["hash"], payload_hash_text(stored.payload_hash));
  EXPECT_EQ(payload_reply.body["block_hash"], block.body["hash"]);
  EXPECT_EQ(
      get(router_, "/v0/availability/payload/hash/" + payload_hash_text(stored.payload_hash)).body,
      payload_reply.body);
  EXPECT_EQ(
      get(router_, "/v0/availability/payload/block-hash/" + block_hash_text(stored.block_hash))
          .body,
      payload_reply.body);

  auto leaf = get(router_, "/v0/availability/leaf/5");
  EXPECT_EQ(leaf.body["leaf"]["height"], 5);
  EXPECT_EQ(leaf.body["leaf"]["parent_commitment"], leaf_hash_text(record(4).leaf_hash));
  EXPECT_EQ(get(router_, "/v0/availability/leaf/hash/" + leaf_hash_text(stored.leaf_hash)).body,
            leaf.body);

  auto common = get(router_, "/v0/availability/vid/common/5");
  EXPECT_EQ(common.body["payload_hash"], payload_hash_text(stored.payload_hash));
  EXPECT_EQ(common.body["common"]["payload_len"], stored.payload.size());
  EXPECT_EQ(
      get(router_, "/v0/availability/vid/common/hash/" + block_hash_text(stored.block_hash)).body,
      common.body);
  EXPECT_EQ(get(router_, "/v0/availability/vid/common/payload-hash/" +
                             payload_hash_text(stored.payload_hash))
                .body,
            common.body);

  auto summary = get(router_, "/v0/availability/block/summary/5");
  EXPECT_EQ(summary.body["num_transactions"], 4);
  EXPECT_EQ(summary.body["header"]["height"], 5);
}

TEST_F(AvailabilityTest, Transactions) {
  auto tx = get(router_, "/v0/availability/transaction/3/5");
  ASSERT_EQ(tx.status, 200) << tx.body.dump();
  EXPECT_EQ(tx.body["block_height"], 3);
  EXPECT_EQ(tx.body["index"], 5);
  EXPECT_EQ(tx.body["namespace"], 20);  // namespace 10 holds the first 4
  EXPECT_EQ(tx.body["pos_in_namespace"], 1);
  auto header = decode_block(record(3));
  ASSERT_TRUE(header);
  auto proven = verify_transaction_json(header->header, tx.body);
  ASSERT_TRUE(proven) << proven.error().message;
  EXPECT_EQ(proven->namespace_id, 20u);
  auto by_hash =
      get(router_, "/v0/availability/transaction/hash/" + tx.body["hash"].get<std::string>());
  EXPECT_EQ(by_hash.body, tx.body);
  expect_error(router_, "/v0/availability/transaction/3/8", 404, "no transaction 8");
  std::string unknown = TaggedBase64{"TX", Bytes(32, 1)}.to_string();
  expect_error(router_, "/v0/availability/transaction/hash/" + unknown, 404, unknown);
}

TEST_F(AvailabilityTest, NamespaceProofVerifiesAgainstTheServedHeader) {
  for (std::uint64_t height : {1, 2, 5}) {
    std::string base = "/v0/availability/block/" + std::to_string(height);
    auto header =
        header_from_json(get(router_, "/v0/availability/header/" + std::to_string(height)).body);
    ASSERT_TRUE(header);
    for (NamespaceId ns : {10, 20, 30}) {
      auto answer = get(router_, base + "/namespace/" + std::to_string(ns));
      ASSERT_EQ(answer.status, 200);
      auto verified = verify_namespace_json(*header, ns, answer.body);
      ASSERT_TRUE(verified) << verified.error().message;
      std::size_t expected = ns == 10 || (ns == 20 && height % 2 == 1) ? height % 4 + 1 : 0;
      EXPECT_EQ(verified->size(), expected) << height << "/" << ns;
    }
  }
}

TEST_F(AvailabilityTest, MissingDataIs404NamingIt) {
  expect_error(router_, "/v0/availability/header/6", 404, "header 6 not available yet");
  expect_error(router_, "/v0/availability/block/99", 404, "block 99");
  expect_error(router_, "/v0/availability/block/99/namespace/10", 404, "block 99");
  std::string unknown = TaggedBase64{"BLOCK", Bytes(32, 9)}.to_string();
  expect_error(router_, "/v0/availability/block/hash/" + unknown, 404, unknown);
  std::string unknown_payload = TaggedBase64{"HASH", Bytes(32, 9)}.to_string();
  expect_error(router_, "/v0/availability/payload/hash/" + unknown_payload, 404, unknown_payload);
  std::string unknown_leaf = TaggedBase64{"LEAF", Bytes(32, 9)}.to_string();
  expect_error(router_, "/v0/availability/leaf/hash/" + unknown_leaf, 404, unknown_leaf);
}

TEST_F(AvailabilityTest, PrunedHeightsAre410) {
  Router router;
  ASSERT_TRUE(
      register_availability_routes(router, std::make_shared<testing::PrunedView>(store_, 2), {}));
  expect_error(router, "/v0/availability/header/2", 410, "pruned");
  expect_error(router, "/v0/availability/block/1", 410, "pruned");
  expect_error(router, "/v0/availability/header/0/4", 410, "block 0 was pruned");
  EXPECT_EQ(get(router, "/v0/availability/header/3").status, 200);
}

TEST_F(AvailabilityTest, EveryBadParameterIs400NamingIt) {
  std::string tx_hash = TaggedBase64{"TX", Bytes(32, 1)}.to_string();
  struct Case {
    std::string path;
    std::string param;
  };
  for (const Case& c : std::vector<Case>{
           {"header/abc", "'height'"},
           {"header/-1", "'height'"},
           {"header/18446744073709551616", "'height'"},
           {"leaf/x", "'height'"},
           {"block/1.5", "'height'"},
           {"payload/0x1", "'height'"},
           {"vid/common/z", "'height'"},
           {"block/summary/z", "'height'"},
           {"header/hash/nope", "'hash'"},
           {"header/hash/" + tx_hash, "'hash'"},  // wrong tag
           {"block/hash/BLOCK~AAAA", "'hash'"},
           {"header/payload-hash/xyz", "'payload-hash'"},
           {"payload/block-hash/HASH~", "'block-hash'"},
           {"vid/common/payload-hash/x", "'payload-hash'"},
           {"leaf/hash/" + tx_hash, "'hash'"},  // wrong tag
           {"leaf/hash/LEAF~AAAA", "'hash'"},
           {"vid/common/1/x", "'until'"},
           {"header/a/3", "'from'"},
           {"block/1/b", "'until'"},
           {"block/summaries/1/b", "'until'"},
           {"transaction/x/1", "'height'"},
           {"transaction/1/x", "'index'"},
           {"transaction/hash/BLOCK~AAAA", "'hash'"},
           {"block/x/namespace/1", "'height'"},
           {"block/1/namespace/x", "'namespace'"},
           {"block/1/namespace/4294967296", "'namespace'"},
       }) {
    expect_error(router_, "/v0/availability/" + c.path, 400, c.param);
  }
}

}  // namespace
}  // namespace espresso::query
