// What each availability stream sends: over loopback with a Beast websocket client against
// a real SQLite query store holding real blocks (api/query/test_chain.hpp).
#include "api/streams/stream_items.hpp"

#include <thread>
#include <utility>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/http_server.hpp"
#include "api/query/availability_json.hpp"
#include "api/query/namespace_json.hpp"
#include "api/query/test_chain.hpp"
#include "api/streams/stream_test_server.hpp"
#include "api/streams/ws_test_client.hpp"

namespace espresso::streams {
namespace {

using namespace testing;
using namespace std::chrono_literals;

// Real blocks 0..5; the store starts with 0..2 and the tests store the rest while streaming.
class StreamItems : public ::testing::Test {
 protected:
  query::DecodedBlock decoded(std::uint64_t height) {
    auto block = query::decode_block(server_.record(height));
    EXPECT_TRUE(block) << block.error().message;
    return *block;
  }
  json header(std::uint64_t height) {
    const auto& text = server_.record(height).header;
    return json::parse(std::string(text.begin(), text.end()));
  }

  StreamTestServer server_{query::testing::make_records(6), 3, encode_stream_item};
};

TEST_F(StreamItems, BlocksStartInThePastAndFollowIntoTheFuture) {
  WsClient client(server_.port(), "/v0/availability/stream/blocks/1");
  ASSERT_FALSE(client.handshake_error) << client.handshake_error.message();
  EXPECT_EQ(client.read(), query::block_json(decoded(1)));
  EXPECT_EQ(client.read(), query::block_json(decoded(2)));
  server_.store_and_publish(3);
  EXPECT_EQ(client.read(), query::block_json(decoded(3)));
  server_.store_and_publish(4);
  server_.store_and_publish(5);
  EXPECT_EQ(client.read(), query::block_json(decoded(4)));
  EXPECT_EQ(client.read(), query::block_json(decoded(5)));
}

TEST_F(StreamItems, EveryKindSendsWhatItsRouteServes) {
  WsClient leaves(server_.port(), "/availability/stream/leaves/2");
  WsClient headers(server_.port(), "/v1/availability/stream/headers/0");
  WsClient payloads(server_.port(), "/availability/stream/payloads/2");
  WsClient ns(server_.port(), "/v0/availability/stream/blocks/1/namespace/20");
  for (auto* client : {&leaves, &headers, &payloads, &ns}) ASSERT_FALSE(client->handshake_error);

  EXPECT_EQ(leaves.read(), *query::leaf_query_json(server_.record(2)));
  for (std::uint64_t height : {0, 1, 2}) {
    EXPECT_EQ(headers.read(), header(height));
  }
  EXPECT_EQ(payloads.read(), query::payload_json(decoded(2)));
  // Namespace 20 is in odd blocks only; even blocks give no transactions and a null proof.
  auto first = ns.read();
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, *query::namespace_json(decoded(1), 20));
  EXPECT_FALSE((*first)["transactions"].empty());
  auto second = ns.read();
  ASSERT_TRUE(second);
  EXPECT_TRUE((*second)["transactions"].empty());
  EXPECT_TRUE((*second)["proof"].is_null());

  server_.store_and_publish(3);
  EXPECT_EQ(leaves.read(), *query::leaf_query_json(server_.record(3)));
  EXPECT_EQ(headers.read(), header(3));
  EXPECT_EQ(payloads.read(), query::payload_json(decoded(3)));
  EXPECT_EQ(ns.read(), *query::namespace_json(decoded(3), 20));
}

}  // namespace
}  // namespace espresso::streams
