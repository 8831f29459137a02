// The real binaries on loopback: transactions submitted to different nodes are decided in the
// same order everywhere; a SIGKILLed node restarts from its storage without the orchestrator and
// decides again; a connection with a key outside the stake table is refused.
#include "sequencer_network.hpp"

#include <utility>  // before Asio (DESIGN.md §3)

#include <boost/asio/io_context.hpp>

#include "network/transport.hpp"

namespace espresso {
namespace {

using namespace std::chrono_literals;
using testing::decided_transactions;
using testing::first_occurrences;
using testing::kNodes;
using testing::read_file;
using testing::SequencerNetwork;
using testing::wait_until;

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

TEST_F(SequencerNetwork, TransactionLargerThanAnyBlockIsRefusedAtSubmit) {
  start_network();
  // max_block_size is 1,000,000: a transaction alone in a block also takes 20 bytes of namespace
  // table, count and offset, so 999,980 payload bytes is the most that can be sequenced.
  auto post = [&](std::size_t size) {
    return client.post_json(
        node_url(1) + "/v1/submit/submit",
        nlohmann::json{{"namespace", 9}, {"payload", base64_encode(Bytes(size, 0x42))}});
  };
  auto too_large = post(999'981);
  ASSERT_TRUE(too_large) << too_large.error().message;
  EXPECT_EQ(too_large->status, 413);
  EXPECT_NE(too_large->body.find("exceeds the limit of 999980 bytes"), std::string::npos)
      << too_large->body;
  auto largest = post(999'980);
  ASSERT_TRUE(largest) << largest.error().message;
  ASSERT_EQ(largest->status, 200) << largest->body;
  const std::string tx = nlohmann::json::parse(largest->body).get<std::string>();
  EXPECT_TRUE(wait_until(
      [&] {
        const auto list = decided_transactions(log_of(0));
        return std::find(list.begin(), list.end(), tx) != list.end();
      },
      30s))
      << "the largest transaction that fits is decided; logs in " << dir;
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
