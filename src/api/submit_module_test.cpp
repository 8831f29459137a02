#include "api/submit_module.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/encoding.hpp"
#include "types/bincode.hpp"

namespace espresso {
namespace {

struct RecordingSink : TransactionSink {
  std::vector<Transaction> received;
  bool full = false;
  Result<Hash32> submit(const Transaction& transaction) override {
    if (full) return fail("mempool full");
    received.push_back(transaction);
    return commit(transaction).digest;
  }
};

std::string vector_transaction() {
  std::ifstream file(ESEQ_VECTORS_DIR "/espresso-v1/transaction.json");
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string vector_transaction_binary() {
  std::ifstream file(ESEQ_VECTORS_DIR "/espresso-v1/transaction.bin", std::ios::binary);
  std::stringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

std::string as_text(const Bytes& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

// A binary body as upstream clients send it: the API version 0.1, then bincode.
std::string framed(const Bytes& bincode) {
  return as_text(bincode::frame(HeaderVersion{0, 1}, bincode));
}

// Known commitment of tests/vectors/espresso-v1/transaction.json (tests/vectors/README.md).
constexpr const char* kVectorCommitment = "TX~EikfLslj3g6sIWRZYpN6ZuU1gadN77AHXmRA56yNnPrQ";

struct SubmitFixture : ::testing::Test {
  SubmitFixture() { EXPECT_TRUE(register_submit_routes(router, sink, {64, 3})); }
  HttpResponse post(std::string path, std::string body) {
    return router.handle({HttpMethod::kPost, std::move(path), "", std::move(body)});
  }
  HttpResponse post_binary(std::string path, std::string body) {
    return router.handle(
        {HttpMethod::kPost, std::move(path), "", std::move(body), "application/octet-stream"});
  }
  std::string message(const HttpResponse& response) {
    return nlohmann::json::parse(response.body)["message"].get<std::string>();
  }
  RecordingSink sink;
  Router router;
};

TEST_F(SubmitFixture, ReturnsUpstreamCommitmentOfTheVector) {
  // The vector's payload is 256 bytes: lift the limit for this test.
  RecordingSink big_sink;
  Router big_router;
  ASSERT_TRUE(register_submit_routes(big_router, big_sink));
  auto response =
      big_router.handle({HttpMethod::kPost, "/v0/submit/submit", "", vector_transaction()});
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(nlohmann::json::parse(response.body), kVectorCommitment);
  ASSERT_EQ(big_sink.received.size(), 1u);
  EXPECT_EQ(big_sink.received[0].namespace_id, 12648430u);
}

TEST_F(SubmitFixture, BinaryBodyOfTheVectorGivesTheSameCommitmentAsItsJson) {
  RecordingSink big_sink;
  Router big_router;
  ASSERT_TRUE(register_submit_routes(big_router, big_sink));
  auto response = big_router.handle({HttpMethod::kPost, "/v0/submit/submit", "",
                                     vector_transaction_binary(), "application/octet-stream"});
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(nlohmann::json::parse(response.body), kVectorCommitment);
  ASSERT_EQ(big_sink.received.size(), 1u);
  EXPECT_EQ(big_sink.received[0].namespace_id, 12648430u);
}

TEST_F(SubmitFixture, BinaryBatchReturnsCommitmentsInOrder) {
  const std::vector<Transaction> sent{{1, Bytes{1, 2}}, {2, Bytes{}}};
  auto response = post_binary("/submit/batch", framed(bincode::encode(sent)));
  ASSERT_EQ(response.status, 200) << response.body;
  ASSERT_EQ(sink.received, sent);
  auto commitments = nlohmann::json::parse(response.body);
  ASSERT_EQ(commitments.size(), 2u);
  EXPECT_EQ(commitments[0], commit(sent[0]).to_tagged_base64());
  EXPECT_EQ(commitments[1], commit(sent[1]).to_tagged_base64());
}

TEST_F(SubmitFixture, BadBinaryBodiesAreRejectedWithTheReason) {
  const Bytes one = bincode::encode(Transaction{7, Bytes{1, 2, 3}});
  auto old_version =
      post_binary("/submit/submit", as_text(bincode::frame(HeaderVersion{0, 2}, one)));
  EXPECT_EQ(old_version.status, 400);
  EXPECT_NE(message(old_version).find("version 0.2, expected 0.1"), std::string::npos);

  std::string truncated = framed(one);
  truncated.pop_back();
  auto short_body = post_binary("/submit/submit", truncated);
  EXPECT_EQ(short_body.status, 400);
  EXPECT_NE(message(short_body).find("bincode Transaction"), std::string::npos);

  auto no_version = post_binary("/submit/submit", "ab");
  EXPECT_EQ(no_version.status, 400);

  auto too_big =
      post_binary("/submit/submit", framed(bincode::encode(Transaction{1, Bytes(65, 0)})));
  EXPECT_EQ(too_big.status, 413);

  // A count of 2^40 transactions in a few bytes: refused before anything is allocated.
  Writer lying;
  lying.u64(1ull << 40).u64(1).prefixed(Bytes{1});
  auto lie = post_binary("/submit/batch", framed(std::move(lying).take()));
  EXPECT_EQ(lie.status, 400);
  EXPECT_NE(message(lie).find("count of"), std::string::npos);

  const std::vector<Transaction> four(4, Transaction{1, Bytes{1}});
  auto over_limit = post_binary("/submit/batch", framed(bincode::encode(four)));
  EXPECT_EQ(over_limit.status, 413);
  EXPECT_TRUE(sink.received.empty());
}

TEST_F(SubmitFixture, BatchReturnsCommitmentsInOrder) {
  auto response = post("/submit/batch", R"([{"namespace": 1, "payload": "AQI="},
                                            {"namespace": 2, "payload": ""}])");
  ASSERT_EQ(response.status, 200) << response.body;
  auto commitments = nlohmann::json::parse(response.body);
  ASSERT_EQ(commitments.size(), 2u);
  ASSERT_EQ(sink.received.size(), 2u);
  EXPECT_EQ(commitments[0], commit(sink.received[0]).to_tagged_base64());
  EXPECT_EQ(commitments[1], commit(sink.received[1]).to_tagged_base64());
  EXPECT_EQ(sink.received[1].namespace_id, 2u);
}

TEST_F(SubmitFixture, BadInputIs400WithClearMessage) {
  auto not_json = post("/submit/submit", "{nope");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_NE(message(not_json).find("not JSON"), std::string::npos);
  EXPECT_NE(message(not_json).find("{nope"), std::string::npos);

  auto missing = post("/submit/submit", R"({"namespace": 1})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(message(missing).find("payload"), std::string::npos);

  auto bad_base64 = post("/submit/submit", R"({"namespace": 1, "payload": "!!!"})");
  EXPECT_EQ(bad_base64.status, 400);
  EXPECT_NE(message(bad_base64).find("payload"), std::string::npos);

  auto big_namespace = post("/submit/submit", R"({"namespace": 4294967296, "payload": ""})");
  EXPECT_EQ(big_namespace.status, 400);
  EXPECT_NE(message(big_namespace).find("4294967296"), std::string::npos);

  auto not_array = post("/submit/batch", R"({"namespace": 1, "payload": ""})");
  EXPECT_EQ(not_array.status, 400);

  auto bad_item = post("/submit/batch", R"([{"namespace": 1, "payload": ""}, {"payload": ""}])");
  EXPECT_EQ(bad_item.status, 400);
  EXPECT_NE(message(bad_item).find("batch item 1"), std::string::npos);
  EXPECT_TRUE(sink.received.empty()) << "nothing of a bad batch is submitted";
}

TEST_F(SubmitFixture, OversizedIs413) {
  std::string payload(100, 'A');  // 75 bytes decoded, over the limit of 64
  auto big = post("/submit/submit", R"({"namespace": 1, "payload": ")" + payload + "\"}");
  EXPECT_EQ(big.status, 413);
  auto long_batch = post("/submit/batch", "[" + std::string(R"({"namespace":1,"payload":""},)") +
                                              R"({"namespace":1,"payload":""},)" +
                                              R"({"namespace":1,"payload":""},)" +
                                              R"({"namespace":1,"payload":""}])");
  EXPECT_EQ(long_batch.status, 413);
  EXPECT_TRUE(sink.received.empty());
}

TEST_F(SubmitFixture, SinkRefusalIs503) {
  sink.full = true;
  auto response = post("/submit/submit", R"({"namespace": 1, "payload": ""})");
  EXPECT_EQ(response.status, 503);
  EXPECT_NE(message(response).find("mempool full"), std::string::npos);
}

}  // namespace
}  // namespace espresso
