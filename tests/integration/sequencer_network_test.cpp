// The real binaries on loopback: an orchestrator and four sequencer processes (seed guide module
// syntax, embedded storage in a temporary folder). Transactions submitted to different nodes are
// decided in the same order everywhere; a SIGKILLed node restarts from its storage without the
// orchestrator and decides again; a connection with a key outside the stake table is refused.
// Every wait polls a condition up to a deadline; processes are killed when the test ends.
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

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/client/http_client.hpp"
#include "child_process.hpp"
#include "common/base64.hpp"
#include "crypto/key_encoding.hpp"
#include "crypto/key_file.hpp"
#include "network/transport.hpp"

namespace espresso {
namespace {

using namespace std::chrono_literals;
using testing::ChildProcess;
namespace fs = std::filesystem;

constexpr std::size_t kNodes = 4;
const fs::path kBin = fs::path(ESEQ_BINARY_DIR) / "bin";

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return done();
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The "TX~..." commitments of the decided-transaction log lines, in log order.
std::vector<std::string> decided_transactions(const fs::path& log) {
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
std::vector<std::string> first_occurrences(const std::vector<std::string>& all) {
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
    for (std::size_t i = 0; i < kNodes; ++i) {
      keys.push_back(NodeKeys::from_seed(seed, i));
      p2p_ports.push_back(testing::free_port());
      http_ports.push_back(testing::free_port());
    }
    orchestrator_port = testing::free_port();
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
    auto json = client.get_json("http://127.0.0.1:" + std::to_string(http_ports[i]) +
                                "/v1/status/block-height");
    if (!json || !json->is_number_unsigned()) return std::nullopt;
    return json->get<std::uint64_t>();
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
  }

  // Submits to node `i`; returns the "TX~..." commitment.
  std::string submit(std::size_t i, std::uint64_t ns, const std::string& payload) {
    auto answer = client.post_json_for_json(
        "http://127.0.0.1:" + std::to_string(http_ports[i]) + "/v1/submit/submit",
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

TEST_F(SequencerNetwork, TransactionsSubmittedToDifferentNodesAreDecidedInOrder) {
  start_network();
  constexpr std::size_t kTransactions = 200;
  std::set<std::string> all;
  for (std::size_t t = 0; t < kTransactions; ++t) {
    const std::size_t node = t % kNodes;
    auto tx = submit(node, 100 + t % 3, "transaction " + std::to_string(t));
    ASSERT_FALSE(tx.empty());
    all.insert(tx);
  }
  ASSERT_EQ(all.size(), kTransactions);

  std::vector<std::vector<std::string>> decided(kNodes);
  const bool complete = wait_until(
      [&] {
        for (std::size_t i = 0; i < kNodes; ++i) {
          decided[i] = first_occurrences(decided_transactions(log_of(i)));
          std::size_t found = 0;
          for (const auto& tx : decided[i]) found += all.contains(tx) ? 1 : 0;
          if (found < kTransactions) return false;
        }
        return true;
      },
      60s);
  for (std::size_t i = 0; i < kNodes; ++i) {
    ASSERT_TRUE(complete) << "node " << i << " decided " << decided[i].size() << " of "
                          << kTransactions << "; logs in " << dir;
  }
  // The same sequence on every node.
  for (std::size_t i = 1; i < kNodes; ++i) EXPECT_EQ(decided[i], decided[0]) << "node " << i;
  // Every submitted transaction is in it once (first occurrences) and nothing else is.
  EXPECT_EQ(decided[0].size(), kTransactions);
  EXPECT_EQ(std::set<std::string>(decided[0].begin(), decided[0].end()), all);
}

TEST_F(SequencerNetwork, KilledNodeRestartsFromItsStorageWithoutTheOrchestrator) {
  start_network();
  const std::size_t victim = 2;
  nodes[victim]->stop(SIGKILL);
  orchestrator->stop(SIGTERM);  // the restarted node must not need it
  const auto others_height = block_height(0).value_or(0);
  EXPECT_TRUE(wait_until([&] { return block_height(0).value_or(0) > others_height + 2; }, 30s))
      << "three of four nodes keep deciding";

  start_node(victim, 1);
  const auto reference = block_height(0).value_or(0);
  const bool rejoined =
      wait_until([&] { return block_height(victim).value_or(0) > reference + 2; }, 60s);
  EXPECT_TRUE(rejoined) << "logs in " << dir;
  const auto log = read_file(log_of(victim, 1));
  EXPECT_NE(log.find("using the saved network config"), std::string::npos);
  // A transaction submitted to the restarted node is decided by everyone.
  const auto tx = submit(victim, 7, "after the restart");
  ASSERT_FALSE(tx.empty());
  EXPECT_TRUE(wait_until(
      [&] {
        for (std::size_t i = 0; i < kNodes; ++i) {
          const auto list = decided_transactions(log_of(i, i == victim ? 1 : 0));
          if (std::find(list.begin(), list.end(), tx) == list.end()) return false;
        }
        return true;
      },
      30s));
}

TEST_F(SequencerNetwork, ConnectionWithoutAStakeTableKeyIsRefused) {
  start_network();
  // An outsider that knows node 0's address and key dials it with its own key.
  boost::asio::io_context io;
  KeySeed seed{};
  seed.fill(0x77);
  const auto outsider = BlsSecretKey::from_seed(seed, 0);
  TransportConfig config{outsider, {outsider.public_key(), keys[0].staking.public_key()}};
  config.bind_address = HostPort{"127.0.0.1", 0};
  auto transport = Transport::create(io, std::move(config));
  ASSERT_TRUE(transport) << transport.error().message;
  (*transport)
      ->add_peer(PeerEndpoint{HostPort{"127.0.0.1", p2p_ports[0]}, keys[0].staking.public_key()});
  bool refused_logged = false;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline && !refused_logged) {
    io.run_for(100ms);
    refused_logged = read_file(log_of(0)).find("outside the stake table") != std::string::npos;
  }
  EXPECT_TRUE(refused_logged) << "node 0 did not report refusing the outsider; logs in " << dir;
  // Messages from the outsider never reach consensus: node 0 saw no undecodable or foreign input.
  (*transport)->send(keys[0].staking.public_key(), Bytes{1, 2, 3});
  io.run_for(300ms);
  EXPECT_EQ(read_file(log_of(0)).find("dropped a message"), std::string::npos);
  (*transport)->stop();
  // The network is unaffected.
  const auto height = block_height(0).value_or(0);
  EXPECT_TRUE(wait_until([&] { return block_height(0).value_or(0) > height + 2; }, 20s));
}

}  // namespace
}  // namespace espresso
