#include "api/orchestrator/join_network.hpp"

#include <future>
#include <mutex>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

#include "api/client/loopback_server.hpp"
#include "api/orchestrator/orchestrator_routes.hpp"
#include "api/orchestrator/test_registrations.hpp"

namespace espresso {
namespace {

using namespace std::chrono_literals;
using testing::test_registration;

JoinOptions fast_join(std::chrono::milliseconds timeout = 10s) {
  JoinOptions options;
  options.timeout = timeout;
  options.backoff = BackoffPolicy{10ms, 50ms, 2.0};
  options.http.connect_timeout = 1s;
  options.http.read_timeout = 2s;
  return options;
}

ConsensusParameters params(std::uint64_t n) {
  ConsensusParameters p;
  p.num_nodes = n;
  p.start_threshold = n;
  p.da_committee_size = n;
  return p;
}

std::unique_ptr<LoopbackServer> start_orchestrator(ConsensusParameters p, std::uint16_t port = 0) {
  auto router = orchestrator_router(std::make_shared<OrchestratorRegistry>(p));
  EXPECT_TRUE(router);
  HttpServerOptions options;
  options.port = port;
  auto server = LoopbackServer::start(std::move(*router), options);
  EXPECT_TRUE(server) << server.error().message;
  return server ? std::move(*server) : nullptr;
}

TEST(JoinNetwork, FourNodesJoinAndAllGetTheSameConfig) {
  auto server = start_orchestrator(params(4));
  ASSERT_TRUE(server);
  std::vector<std::future<Result<NetworkConfig>>> joins;
  std::mutex mutex;
  std::vector<std::string> lines;
  for (std::uint64_t i = 0; i < 4; ++i) {
    joins.push_back(std::async(std::launch::async, [&, i] {
      return join_network(
          server->url(), test_registration(i),
          [&](std::string_view line) {
            std::lock_guard lock(mutex);
            lines.emplace_back(line);
          },
          fast_join());
    }));
  }
  std::vector<NetworkConfig> configs;
  for (auto& join : joins) {
    auto config = join.get();
    ASSERT_TRUE(config) << config.error().message;
    configs.push_back(std::move(*config));
  }
  for (std::uint64_t i = 0; i < 4; ++i) {
    EXPECT_EQ(configs[i], configs[0]);
    EXPECT_TRUE(configs[0].index_of(test_registration(i).staking_key).has_value());
  }
  EXPECT_EQ(configs[0].nodes.size(), 4u);
  std::size_t ready_lines = 0;
  for (const auto& line : lines) ready_lines += line.starts_with("network ready: 4 nodes");
  EXPECT_EQ(ready_lines, 4u);
}

std::uint16_t free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

TEST(JoinNetwork, WaitsForAnOrchestratorThatStartsLater) {
  const auto port = free_port();
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  auto join = std::async(std::launch::async, [&] {
    return join_network(
        url, test_registration(0), [](std::string_view) {}, fast_join());
  });
  std::this_thread::sleep_for(200ms);
  auto server = start_orchestrator(params(1), port);
  ASSERT_TRUE(server);
  auto config = join.get();
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->nodes.size(), 1u);
}

TEST(JoinNetwork, GivesUpAtTheTimeoutSayingWhy) {
  auto server = start_orchestrator(params(2));
  ASSERT_TRUE(server);
  const auto started = std::chrono::steady_clock::now();
  auto config = join_network(
      server->url(), test_registration(0), [](std::string_view) {}, fast_join(300ms));
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("did not finish within 300 ms"), std::string::npos)
      << config.error().message;
  EXPECT_NE(config.error().message.find("not ready: 1 of 2 registered"), std::string::npos)
      << config.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST(JoinNetwork, RefusalEndsTheJoinAtOnce) {
  auto server = start_orchestrator(params(1));
  ASSERT_TRUE(server);
  ASSERT_TRUE(join_network(
      server->url(), test_registration(0), [](std::string_view) {}, fast_join()));
  auto refused = join_network(
      server->url(), test_registration(1), [](std::string_view) {}, fast_join());
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("HTTP 409"), std::string::npos) << refused.error().message;
}

}  // namespace
}  // namespace espresso
