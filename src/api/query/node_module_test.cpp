#include "api/query/node_module.hpp"

#include <gtest/gtest.h>

#include "api/query/block_record.hpp"
#include "api/query/query_test_support.hpp"
#include "common/base64.hpp"
#include "vid/codec.hpp"
#include "vid/dispersal.hpp"

namespace espresso::query {
namespace {

using testing::expect_error;
using testing::get;

constexpr std::uint64_t kBlocks = 6;

class FixedStatus final : public NodeStatusSource {
 public:
  SyncStatus sync_status() override { return {1, 2, 3, 4, 7}; }
  std::vector<StakeTableMember> current_stake_table() override {
    return {{"BLS_VER_KEY~a", U256(255), "SCHNORR_VER_KEY~b"}};
  }
};

class NodeApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::make_store(dir_.file("query.db"), kBlocks);
    ASSERT_TRUE(register_node_routes(router_, store_, std::make_shared<FixedStatus>(), {2}));
    for (std::uint64_t height = 0; height < kBlocks; ++height) {
      auto record = **store_->block_by_height(height);
      records_.push_back(record);
    }
  }
  std::uint64_t tx_count(std::uint64_t from, std::uint64_t until) const {
    std::uint64_t total = 0;
    for (std::uint64_t h = from; h < until; ++h) total += records_[h].transactions.size();
    return total;
  }
  storage::TempDir dir_;
  std::shared_ptr<storage::QueryStore> store_;
  std::vector<storage::BlockRecord> records_;
  Router router_;
};

TEST_F(NodeApiTest, BlockHeightAndCounts) {
  EXPECT_EQ(get(router_, "/v0/node/block-height").body, kBlocks);
  EXPECT_EQ(get(router_, "/v0/node/transactions/count").body, tx_count(0, kBlocks));
  EXPECT_EQ(get(router_, "/v0/node/transactions/count/2").body, tx_count(0, 3));
  EXPECT_EQ(get(router_, "/v0/node/transactions/count/2/4").body, tx_count(2, 5));
  // Namespace 10 holds height % 4 + 1 transactions in every block.
  EXPECT_EQ(get(router_, "/v0/node/transactions/count/namespace/10/1/2").body, 2 + 3);
  EXPECT_EQ(get(router_, "/v0/node/transactions/count/namespace/20").body, 2 + 4 + 2);
  std::uint64_t size = 0;
  for (const auto& record : records_) size += record.payload.size();
  EXPECT_EQ(get(router_, "/v0/node/payloads/size").body, size);
  EXPECT_EQ(get(router_, "/v0/node/payloads/size/0").body, records_[0].payload.size());
  EXPECT_EQ(get(router_, "/v0/node/payloads/size/1/1").body, records_[1].payload.size());
}

TEST_F(NodeApiTest, VidShareByHeightAndHashes) {
  auto share = get(router_, "/v0/node/vid/share/3");
  ASSERT_EQ(share.status, 200) << share.body.dump();
  auto data = base64_decode(share.body["data"].get<std::string>());
  ASSERT_TRUE(data);
  auto stored = vid::decode_share(*records_[3].vid_share);
  EXPECT_EQ(*data, stored->data);
  EXPECT_EQ(share.body["count"], stored->count);
  // The served share verifies against the block's commitment.
  vid::Share served = *stored;
  served.data = *data;
  auto common = vid::decode_common(records_[3].vid_common);
  EXPECT_TRUE(vid::verify_share(records_[3].payload_hash, *common, served, 0));
  EXPECT_EQ(get(router_, "/v0/node/vid/share/hash/" + block_hash_text(records_[3].block_hash)).body,
            share.body);
  EXPECT_EQ(
      get(router_, "/v0/node/vid/share/payload-hash/" + payload_hash_text(records_[3].payload_hash))
          .body,
      share.body);
  expect_error(router_, "/v0/node/vid/share/9", 404, "block 9");
}

TEST_F(NodeApiTest, HeaderWindows) {
  auto t = testing::kGenesisTimestamp;
  auto window = get(
      router_, "/v0/node/header/window/" + std::to_string(t + 10) + "/" + std::to_string(t + 30));
  ASSERT_EQ(window.status, 200) << window.body.dump();
  ASSERT_EQ(window.body["window"].size(), 2u);
  EXPECT_EQ(window.body["window"][0]["height"], 1);
  EXPECT_EQ(window.body["prev"]["height"], 0);
  EXPECT_EQ(window.body["next"]["height"], 3);
  // Limit 2: cut, next is null.
  auto cut =
      get(router_, "/v0/node/header/window/" + std::to_string(t) + "/" + std::to_string(t + 60));
  EXPECT_EQ(cut.body["window"].size(), 2u);
  EXPECT_TRUE(cut.body["next"].is_null());
  auto from = get(router_, "/v0/node/header/window/from/4/" + std::to_string(t + 100));
  EXPECT_EQ(from.body["window"][0]["height"], 4);
  auto by_hash =
      get(router_, "/v0/node/header/window/from/hash/" + block_hash_text(records_[4].block_hash) +
                       "/" + std::to_string(t + 100));
  EXPECT_EQ(by_hash.body, from.body);
}

TEST_F(NodeApiTest, SyncStatusAndStakeTableFromTheNode) {
  auto sync = get(router_, "/v0/node/sync-status").body;
  EXPECT_EQ(sync["missing_blocks"], 1);
  EXPECT_EQ(sync["missing_vid_shares"], 4);
  EXPECT_EQ(sync["pruned_height"], 7);
  auto table = get(router_, "/v0/node/stake-table/current").body;
  ASSERT_EQ(table.size(), 1u);
  EXPECT_EQ(table[0]["stake_table_entry"]["stake_key"], "BLS_VER_KEY~a");
  EXPECT_EQ(table[0]["stake_table_entry"]["stake_amount"], "0xff");
  EXPECT_EQ(table[0]["state_ver_key"], "SCHNORR_VER_KEY~b");
}

TEST_F(NodeApiTest, EveryBadParameterIs4xxNamingIt) {
  struct Case {
    std::string path;
    int status;
    std::string needle;
  };
  for (const Case& c : std::vector<Case>{
           {"transactions/count/x", 400, "'to'"},
           {"transactions/count/x/2", 400, "'from'"},
           {"transactions/count/3/1", 400, "'to'"},
           {"transactions/count/99", 404, "block 99"},
           {"transactions/count/namespace/x", 400, "'namespace'"},
           {"payloads/size/-3", 400, "'to'"},
           {"payloads/size/1/y", 400, "'to'"},
           {"vid/share/q", 400, "'height'"},
           {"vid/share/hash/HASH~x", 400, "'hash'"},
           {"vid/share/payload-hash/BLOCK~x", 400, "'payload-hash'"},
           {"header/window/a/5", 400, "'start'"},
           {"header/window/5/b", 400, "'end'"},
           {"header/window/9/5", 400, "'end'"},
           {"header/window/from/z/5", 400, "'height'"},
           {"header/window/from/hash/nope/5", 400, "'hash'"},
       }) {
    expect_error(router_, "/v0/node/" + c.path, c.status, c.needle);
  }
}

}  // namespace
}  // namespace espresso::query
