#include "api/submit_module.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace espresso {
namespace {

struct RecordingSink : TransactionSink {
  std::vector<Transaction> received;
  bool full = false;
  Status submit(Transaction transaction) override {
    if (full) return fail("mempool full");
    received.push_back(std::move(transaction));
    return {};
  }
};

std::string vector_transaction() {
  std::ifstream file(ESEQ_VECTORS_DIR "/espresso-v1/transaction.json");
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Known commitment of tests/vectors/espresso-v1/transaction.json (tests/vectors/README.md).
constexpr const char* kVectorCommitment = "TX~EikfLslj3g6sIWRZYpN6ZuU1gadN77AHXmRA56yNnPrQ";

struct SubmitFixture : ::testing::Test {
  SubmitFixture() { EXPECT_TRUE(register_submit_routes(router, sink, {64, 3})); }
  HttpResponse post(std::string path, std::string body) {
    return router.handle({HttpMethod::kPost, std::move(path), "", std::move(body)});
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
