// The availability stream routes: path parsing, and streams over loopback (Beast websocket
// client) from a SQLite query store of synthetic records, with a test encoder.
#include "api/streams/availability_streams.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/streams/stream_test_server.hpp"
#include "api/streams/ws_test_client.hpp"

namespace espresso::streams {
namespace {

using namespace testing;

TEST(StreamPaths, EveryRouteUnderEveryPrefix) {
  for (std::string prefix : {"/v0/", "/v1/", "/"}) {
    auto leaves = parse_stream_path(prefix + "availability/stream/leaves/7");
    ASSERT_TRUE(leaves && *leaves) << prefix;
    EXPECT_EQ((*leaves)->kind, StreamKind::kLeaves);
    EXPECT_EQ((*leaves)->from, 7u);
    EXPECT_EQ((*parse_stream_path(prefix + "availability/stream/headers/0"))->kind,
              StreamKind::kHeaders);
    EXPECT_EQ((*parse_stream_path(prefix + "availability/stream/blocks/1"))->kind,
              StreamKind::kBlocks);
    EXPECT_EQ((*parse_stream_path(prefix + "availability/stream/payloads/2"))->kind,
              StreamKind::kPayloads);
    auto ns = parse_stream_path(prefix + "availability/stream/blocks/3/namespace/20");
    ASSERT_TRUE(ns && *ns);
    EXPECT_EQ((*ns)->kind, StreamKind::kNamespace);
    EXPECT_EQ((*ns)->from, 3u);
    EXPECT_EQ((*ns)->namespace_id, 20u);
  }
  for (std::string other :
       {"/v0/availability/header/3", "/availability/stream/transactions/1",
        "/availability/stream/leaves", "/availability/stream/leaves/1/2",
        "/availability/stream/payloads/1/namespace/2", "/status/stream/leaves/1"}) {
    EXPECT_FALSE(parse_stream_path(other)) << other;
  }
}

TEST(StreamPaths, BadParametersAre400NamingThem) {
  auto height = parse_stream_path("/v1/availability/stream/leaves/-1");
  ASSERT_TRUE(height && !*height);
  EXPECT_EQ(height->error().status, 400);
  const auto message = json::parse(height->error().body)["message"].get<std::string>();
  EXPECT_NE(message.find("height"), std::string::npos) << message;
  EXPECT_NE(message.find("-1"), std::string::npos) << message;

  auto ns = parse_stream_path("/availability/stream/blocks/0/namespace/4294967296");
  ASSERT_TRUE(ns && !*ns);
  EXPECT_EQ(ns->error().status, 400);
  EXPECT_NE(ns->error().body.find("namespace"), std::string::npos) << ns->error().body;
}

std::vector<storage::BlockRecord> synthetic_records(std::uint64_t count) {
  std::vector<storage::BlockRecord> records;
  for (std::uint64_t height = 0; height < count; ++height) {
    storage::BlockRecord record;
    record.height = height;
    record.timestamp = 1000 + height;
    record.leaf_hash.fill(static_cast<std::uint8_t>(height + 1));
    record.block_hash.fill(static_cast<std::uint8_t>(height + 101));
    record.payload_hash.fill(static_cast<std::uint8_t>(height + 201));
    const std::string header = json{{"height", height}}.dump();
    record.header.assign(header.begin(), header.end());
    records.push_back(record);
  }
  return records;
}

// {"kind": <StreamKind>, "height": h}, so tests see which stream produced what.
Result<std::string> test_encoder(const StreamSpec& spec, const storage::BlockRecord& block) {
  return json{{"kind", static_cast<int>(spec.kind)}, {"height", block.height}}.dump();
}

json item(StreamKind kind, std::uint64_t height) {
  return json{{"kind", static_cast<int>(kind)}, {"height", height}};
}

class Streams : public ::testing::Test {
 protected:
  StreamTestServer server_{synthetic_records(6), 3, test_encoder};
};

TEST_F(Streams, StartInThePastAndFollowIntoTheFuture) {
  WsClient client(server_.port(), "/v1/availability/stream/leaves/1");
  ASSERT_FALSE(client.handshake_error) << client.handshake_error.message();
  EXPECT_EQ(client.read(), item(StreamKind::kLeaves, 1));
  EXPECT_EQ(client.read(), item(StreamKind::kLeaves, 2));
  server_.store_and_publish(3);
  EXPECT_EQ(client.read(), item(StreamKind::kLeaves, 3));
  server_.store_and_publish(4);
  server_.store_and_publish(5);
  EXPECT_EQ(client.read(), item(StreamKind::kLeaves, 4));
  EXPECT_EQ(client.read(), item(StreamKind::kLeaves, 5));
}

TEST_F(Streams, StartInTheFutureWaitsForTheBlock) {
  WsClient client(server_.port(), "/availability/stream/blocks/5/namespace/7");
  ASSERT_FALSE(client.handshake_error);
  server_.store_and_publish(3);
  server_.store_and_publish(4);
  server_.store_and_publish(5);
  EXPECT_EQ(client.read(), item(StreamKind::kNamespace, 5));
}

TEST_F(Streams, BadHeightIs400AndUnknownStreamIs404) {
  EXPECT_EQ(upgrade_status(server_.port(), "/v0/availability/stream/leaves/x1"), 400);
  EXPECT_EQ(upgrade_status(server_.port(), "/availability/stream/blocks/1/namespace/ns"), 400);
  EXPECT_EQ(upgrade_status(server_.port(), "/availability/stream/receipts/1"), 404);
  EXPECT_TRUE(server_.streams_ended());
}

TEST_F(Streams, ClientDisconnectEndsTheStream) {
  {
    WsClient past(server_.port(), "/availability/stream/headers/0");
    WsClient future(server_.port(), "/availability/stream/headers/100");
    ASSERT_FALSE(past.handshake_error);
    ASSERT_FALSE(future.handshake_error);
    EXPECT_EQ(past.read(), item(StreamKind::kHeaders, 0));
    beast::error_code ignored;
    past.ws.close(websocket::close_code::normal, ignored);
    future.ws.next_layer().close(ignored);  // abrupt, while the stream waits for block 100
  }
  EXPECT_TRUE(server_.streams_ended());
}

TEST_F(Streams, EncoderFailureClosesWithTheReason) {
  // A separate server whose encoder fails on block 1.
  StreamTestServer failing(
      synthetic_records(3), 3,
      [](const StreamSpec& spec, const storage::BlockRecord& block) -> Result<std::string> {
        if (block.height == 1) return fail("block 1: corrupt header");
        return test_encoder(spec, block);
      });
  WsClient client(failing.port(), "/availability/stream/payloads/0");
  ASSERT_FALSE(client.handshake_error);
  EXPECT_EQ(client.read(), item(StreamKind::kPayloads, 0));
  EXPECT_EQ(client.read(), std::nullopt);
  EXPECT_EQ(client.ws.reason().code, websocket::close_code::internal_error);
  EXPECT_EQ(std::string(client.ws.reason().reason.c_str()), "block 1: corrupt header");
  EXPECT_TRUE(failing.streams_ended());
}

}  // namespace
}  // namespace espresso::streams
