// Runs the orchestrator binary with -n 2 and joins two nodes through it over loopback.
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include "api/orchestrator/join_network.hpp"
#include "api/orchestrator/test_registrations.hpp"

extern char** environ;

namespace espresso {
namespace {

using namespace std::chrono_literals;

std::uint16_t free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// The orchestrator process, terminated (and reaped) when the test ends, pass or fail.
class Process {
 public:
  explicit Process(std::vector<std::string> args) {
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) pid_ = -1;
  }
  ~Process() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  bool started() const { return pid_ > 0; }
  // Sends SIGTERM and waits up to `limit` for the exit; the exit status or -1.
  int terminate(std::chrono::milliseconds limit) {
    ::kill(pid_, SIGTERM);
    return wait_exit(limit);
  }
  // Waits up to `limit` for the process to exit by itself; the exit status or -1.
  int wait_exit(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(10ms);
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
};

TEST(OrchestratorProcess, TwoNodesJoinTheRunningBinary) {
  const auto port = free_port();
  Process orchestrator({std::string(ESEQ_BINARY_DIR) + "/bin/orchestrator", "-p",
                        std::to_string(port), "-n", "2", "--bind-address", "127.0.0.1",
                        "--next-view-timeout", "5s"});
  ASSERT_TRUE(orchestrator.started());
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  JoinOptions options;
  options.timeout = 20s;
  options.backoff = BackoffPolicy{20ms, 200ms, 2.0};
  std::vector<std::future<Result<NetworkConfig>>> joins;
  for (std::uint64_t i = 0; i < 2; ++i) {
    joins.push_back(std::async(std::launch::async, [&, i] {
      return join_network(
          url, testing::test_registration(i), [](std::string_view) {}, options);
    }));
  }
  std::vector<NetworkConfig> configs;
  for (auto& join : joins) {
    auto config = join.get();
    ASSERT_TRUE(config) << config.error().message;
    configs.push_back(std::move(*config));
  }
  EXPECT_EQ(configs[0], configs[1]);
  EXPECT_EQ(configs[0].nodes.size(), 2u);
  EXPECT_EQ(configs[0].parameters.view_timeout, 5s);
  EXPECT_EQ(orchestrator.terminate(5s), 0);
}

TEST(OrchestratorProcess, BadOptionExitsWithAClearError) {
  Process orchestrator({std::string(ESEQ_BINARY_DIR) + "/bin/orchestrator", "-p", "1", "-n", "2",
                        "--builder-timeout", "soon"});
  ASSERT_TRUE(orchestrator.started());
  EXPECT_EQ(orchestrator.wait_exit(5s), 2);
}

}  // namespace
}  // namespace espresso
