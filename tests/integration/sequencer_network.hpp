#pragma once
// Tests only: the fixture of the multi-process tests. An orchestrator and four sequencer processes
// on loopback (seed guide module syntax: http, status, submit, catchup, query and embedded storage
// in a temporary folder); every wait polls a condition up to a deadline; processes are killed when
// the test ends, and the logs are kept when it failed.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>  // before Asio (DESIGN.md §3)
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/client/http_client.hpp"
#include "child_process.hpp"
#include "common/base64.hpp"
#include "crypto/key_encoding.hpp"
#include "crypto/key_file.hpp"

namespace espresso::testing {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

inline constexpr std::size_t kNodes = 4;
inline const fs::path kBin = fs::path(ESEQ_BINARY_DIR) / "bin";

inline bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return done();
}

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The "TX~..." commitments of the decided-transaction log lines, in log order.
inline std::vector<std::string> decided_transactions(const fs::path& log) {
  std::vector<std::string> out;
  std::istringstream lines(read_file(log));
  std::string line;
  const std::string marker = "decided transaction ";
  while (std::getline(lines, line)) {
    const auto at = line.find(marker);
    if (at == std::string::npos) continue;
    const auto start = at + marker.size();
    out.push_back(line.substr(start, line.find(' ', start) - start));
  }
  return out;
}

// First occurrences only (a transaction may be sequenced again by a pipelined leader; see the
// report in the consensus layer's mempool notes).
inline std::vector<std::string> first_occurrences(const std::vector<std::string>& all) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& tx : all) {
    if (seen.insert(tx).second) out.push_back(tx);
  }
  return out;
}

class SequencerNetwork : public ::testing::Test {
 protected:
  SequencerNetwork() {
    std::string pattern = (fs::temp_directory_path() / "eseq-integration-XXXXXX").string();
    dir = mkdtemp(pattern.data());
    KeySeed seed{};
    seed.fill(0x5e);
    std::vector<std::uint16_t> picked;
    for (std::size_t i = 0; i < kNodes; ++i) {
      keys.push_back(NodeKeys::from_seed(seed, i));
      p2p_ports.push_back(free_port(picked));
      picked.push_back(p2p_ports.back());
      http_ports.push_back(free_port(picked));
      picked.push_back(http_ports.back());
    }
    orchestrator_port = free_port(picked);
    std::ofstream(dir / "genesis.toml")
        << "base_version = \"0.1\"\nupgrade_version = \"0.2\"\n"
           "[chain_config]\nchain_id = 35353\nbase_fee = '0 wei'\nmax_block_size = 1000000\n"
           "fee_recipient = '0x0000000000000000000000000000000000000000'\n"
           "[header]\ntimestamp = "
        << std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count()
        << "\n[l1_finalized]\nnumber = 0\n[stake_table]\ncapacity = 10\n";
  }

  ~SequencerNetwork() override {
    for (auto& node : nodes) node.reset();
    orchestrator.reset();
    if (!HasFailure()) {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    } else {
      std::cerr << "logs kept in " << dir << "\n";
    }
  }

  std::string orchestrator_url() const {
    return "http://127.0.0.1:" + std::to_string(orchestrator_port);
  }
  fs::path log_of(std::size_t i, int run = 0) const {
    return dir / ("node" + std::to_string(i) + "-" + std::to_string(run) + ".log");
  }

  void start_orchestrator() {
    orchestrator = std::make_unique<ChildProcess>(
        kBin / "orchestrator",
        std::vector<std::string>{"-p", std::to_string(orchestrator_port), "-n",
                                 std::to_string(kNodes), "--view-timeout", "2s"},
        dir / "orchestrator.log");
  }

  void start_node(std::size_t i, int run = 0) {
    const std::string p2p = "127.0.0.1:" + std::to_string(p2p_ports[i]);
    nodes[i] = std::make_unique<ChildProcess>(
        kBin / "sequencer",
        std::vector<std::string>{"--orchestrator-url",
                                 orchestrator_url(),
                                 "--genesis-file",
                                 (dir / "genesis.toml").string(),
                                 "--libp2p-bind-address",
                                 p2p,
                                 "--libp2p-advertise-address",
                                 p2p,
                                 "--is-da",
                                 "--",
                                 "http",
                                 "--port",
                                 std::to_string(http_ports[i]),
                                 "--",
                                 "status",
                                 "--",
                                 "submit",
                                 "--",
                                 "catchup",
                                 "--",
                                 "query",
                                 "--",
                                 "storage-fs",
                                 "--path",
                                 (dir / ("storage" + std::to_string(i))).string()},
        log_of(i, run),
        std::vector<std::pair<std::string, std::string>>{
            {"ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY", to_tagged_base64(keys[i].staking)},
            {"ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY", to_tagged_base64(keys[i].state)},
            {"SPDLOG_LEVEL", "debug"}});
  }

  std::optional<std::uint64_t> block_height(std::size_t i) {
    auto json = client.get_json(node_url(i) + "/v1/status/block-height");
    if (!json || !json->is_number_unsigned()) return std::nullopt;
    return json->get<std::uint64_t>();
  }

  std::string node_url(std::size_t i) const {
    return "http://127.0.0.1:" + std::to_string(http_ports[i]);
  }

  // Blocks in node i's query store (node/block-height).
  std::optional<std::uint64_t> stored_height(std::size_t i) {
    auto json = client.get_json(node_url(i) + "/v1/node/block-height");
    if (!json || !json->is_number_unsigned()) return std::nullopt;
    return json->get<std::uint64_t>();
  }

  // The leaf node i serves at `height` (without its QC, which differs between nodes), or null.
  nlohmann::json stored_leaf(std::size_t i, std::uint64_t height) {
    auto json = client.get_json(node_url(i) + "/v1/availability/leaf/" + std::to_string(height));
    if (!json || !json->is_object() || !json->contains("leaf")) return nullptr;
    return (*json)["leaf"];
  }

  void start_network() {
    start_orchestrator();
    for (std::size_t i = 0; i < kNodes; ++i) start_node(i);
    const bool deciding = wait_until(
        [&] {
          for (std::size_t i = 0; i < kNodes; ++i) {
            if (block_height(i).value_or(0) < 3) return false;
          }
          return true;
        },
        60s);
    ASSERT_TRUE(deciding) << "the network did not start deciding; logs in " << dir;
    // A node that exited (its port taken, say) would leave its URL answering for someone else.
    for (std::size_t i = 0; i < kNodes; ++i) {
      ASSERT_TRUE(nodes[i]->running()) << "node " << i << " exited; logs in " << dir;
    }
  }

  // Submits to node `i`; returns the "TX~..." commitment.
  std::string submit(std::size_t i, std::uint64_t ns, const std::string& payload) {
    auto answer = client.post_json_for_json(
        node_url(i) + "/v1/submit/submit",
        nlohmann::json{{"namespace", ns},
                       {"payload", base64_encode(as_bytes(std::string_view(payload)))}});
    EXPECT_TRUE(answer) << answer.error().message;
    if (!answer || !answer->is_string()) return {};
    return answer->get<std::string>();
  }

  fs::path dir;
  std::vector<NodeKeys> keys;
  std::vector<std::uint16_t> p2p_ports;
  std::vector<std::uint16_t> http_ports;
  std::uint16_t orchestrator_port = 0;
  std::unique_ptr<ChildProcess> orchestrator;
  std::array<std::unique_ptr<ChildProcess>, kNodes> nodes;
  HttpClient client;
};

}  // namespace espresso::testing
