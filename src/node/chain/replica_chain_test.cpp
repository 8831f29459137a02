// The chain adapter behind real consensus: four Replicas with the real AVID VID and fake
// signatures, each validating with its own NodeChain, exchange messages instantly in one process.

#include <deque>
#include <memory>
#include <set>

#include <gtest/gtest.h>

#include "consensus/avid_vid.hpp"
#include "consensus/fake_signatures.hpp"
#include "consensus/replica.hpp"
#include "node/chain/chain_test_support.hpp"
#include "node/chain/mempool_transaction.hpp"
#include "node/chain/node_chain.hpp"
#include "state/state_codec.hpp"

namespace espresso {
namespace {

using consensus::Actions;
using consensus::MessagePtr;
using consensus::NodeIndex;

constexpr std::size_t kNodes = 4;

// Every builder key funded, so every leader can include transactions.
Genesis funded_genesis() {
  Genesis genesis = chain_test::test_genesis_file(chain_test::test_key(1).address());
  for (std::uint8_t i = 2; i <= kNodes; ++i) {
    genesis.accounts[chain_test::test_key(i).address()] = 1'000'000'000;
  }
  return genesis;
}

struct Node {
  consensus::PersistedState stored;  // what the node's storage would hold
  std::unique_ptr<consensus::Signer> signer;
  std::unique_ptr<NodeChain> chain;
  std::unique_ptr<consensus::Replica> replica;
  std::vector<consensus::DecidedLeaf> decided;
};

class ReplicaChain : public ::testing::Test {
 protected:
  consensus::FakeKeys keys{7, kNodes};
  std::unique_ptr<consensus::SignatureVerifier> verifier = keys.verifier();
  consensus::StakeTable table =
      *consensus::StakeTable::create({{1, true}, {1, true}, {1, true}, {1, true}});
  std::unique_ptr<consensus::VidScheme> vid = consensus::make_avid_vid({1, 1, 1, 1});
  Genesis genesis = funded_genesis();
  std::uint64_t now = chain_test::kGenesisTime + 1;
  std::vector<Node> nodes;
  struct Delivery {
    NodeIndex from;
    NodeIndex to;
    MessagePtr message;
  };
  std::deque<Delivery> inbox;
  consensus::ReplicaConfig config;

  void SetUp() override {
    const consensus::Commitment empty = vid->commit({}, kNodes);
    for (NodeIndex i = 0; i < kNodes; ++i) {
      Node node;
      node.signer = keys.signer(i);
      node.chain = std::make_unique<NodeChain>(genesis_block(genesis, empty).value(), key(i),
                                               [this] { return now; });
      node.replica = make_replica(node);
      nodes.push_back(std::move(node));
    }
    for (NodeIndex i = 0; i < kNodes; ++i) handle(i, nodes[i].replica->start(std::nullopt));
  }

  static EthPrivateKey key(NodeIndex node) {
    return chain_test::test_key(static_cast<std::uint8_t>(node + 1));
  }

  std::unique_ptr<consensus::Replica> make_replica(Node& node) {
    return std::make_unique<consensus::Replica>(
        config, consensus::ReplicaContext{table, *node.signer, *verifier, node.chain->builder(),
                                          node.chain->validator(), *vid});
  }

  // Crashes node `i` and restarts it from its persisted consensus state and the encoded state of
  // its last decided leaf, as the node runtime stores them.
  void restart(NodeIndex i) {
    Node& node = nodes[i];
    const consensus::Leaf decided = node.stored.last_decided;
    const Bytes stored_state =
        encode_state(node.chain->chain_state().decided_state(decided.height).value().state);
    node.replica.reset();
    node.chain.reset();
    auto start = restart_from(decided, decode_state(stored_state).value());
    ASSERT_TRUE(start) << start.error().message;
    node.chain = std::make_unique<NodeChain>(std::move(*start), key(i), [this] { return now; });
    std::vector<consensus::Leaf> undecided;
    for (const auto& proposal : node.stored.undecided) undecided.push_back(proposal.leaf);
    node.chain->adopt(std::move(undecided));
    node.replica = make_replica(node);
    handle(i, node.replica->start(node.stored));
  }

  void handle(NodeIndex from, Actions actions) {
    for (auto& action : actions) {
      if (auto* send = std::get_if<consensus::SendAction>(&action)) {
        inbox.push_back({from, send->to, send->message});
      } else if (auto* broadcast = std::get_if<consensus::BroadcastAction>(&action)) {
        for (NodeIndex to = 0; to < kNodes; ++to) {
          if (to != from) inbox.push_back({from, to, broadcast->message});
        }
      } else if (auto* persist = std::get_if<consensus::PersistAction>(&action)) {
        nodes[from].stored.apply(persist->record);
      } else if (auto* decide = std::get_if<consensus::DecideAction>(&action)) {
        for (auto& leaf : decide->leaves) {
          ASSERT_TRUE(nodes[from].chain->on_decided(leaf.leaf));
          nodes[from].decided.push_back(std::move(leaf));
        }
      }
    }
  }

  // Delivers messages (advancing the clock by a second every 200) until every node decided
  // `height` or `budget` deliveries were made.
  void run_until(std::uint64_t height, int budget = 200'000) {
    for (int step = 0; step < budget; ++step) {
      bool all = true;
      for (const Node& node : nodes) all = all && node.replica->last_decided().height >= height;
      if (all || inbox.empty()) return;
      if (step % 200 == 199) ++now;
      Delivery next = std::move(inbox.front());
      inbox.pop_front();
      handle(next.to, nodes[next.to].replica->on_message(next.from, *next.message));
    }
  }
};

TEST_F(ReplicaChain, NodesDecideTheSameValidatedChainWithTheSubmittedTransactions) {
  std::set<Bytes> submitted;
  for (std::uint8_t i = 0; i < 12; ++i) {
    const Bytes tx = encode_mempool_transaction(Transaction{i % 3u, Bytes(30 + i, i)});
    submitted.insert(tx);
    handle(i % kNodes, nodes[i % kNodes].replica->on_local_transaction(tx).actions);
  }
  run_until(8);

  std::set<Bytes> sequenced;
  const auto& reference = nodes[0];
  ASSERT_GE(reference.replica->last_decided().height, 8u);
  for (const consensus::DecidedLeaf& block : reference.decided) {
    const Header header = decode_leaf_header(block.leaf).value();
    ASSERT_TRUE(block.payload);  // every node is a DA member here
    for (const Transaction& tx : Payload{*block.payload, header.ns_table}.transactions()) {
      sequenced.insert(encode_mempool_transaction(tx));
    }
  }
  EXPECT_EQ(sequenced, submitted);

  // Every node holds the same decided states, and fees moved to the recipient.
  const std::uint64_t height = 8;
  const auto expected = reference.chain->chain_state().decided_state(height).value();
  for (const Node& node : nodes) {
    EXPECT_EQ(node.chain->builder().failed_headers(), 0u);
    const auto state = node.chain->chain_state().decided_state(height);
    ASSERT_TRUE(state);
    EXPECT_EQ(state->state, expected.state);
    EXPECT_GT(state->state.balance(chain_test::fee_recipient()), U256(0));
    // Undecided states stay few: the decided leaf and the ones above it.
    EXPECT_LE(node.chain->leaf_states().size(), 4u);
  }
}

TEST_F(ReplicaChain, ARestartedNodeResumesFromItsStoredDecidedState) {
  for (std::uint8_t i = 0; i < 6; ++i) {
    handle(0, nodes[0]
                  .replica
                  ->on_local_transaction(encode_mempool_transaction(Transaction{1, Bytes(20, i)}))
                  .actions);
  }
  run_until(4);
  ASSERT_GE(nodes[3].replica->last_decided().height, 4u);
  restart(3);
  ASSERT_EQ(nodes[3].replica->last_decided().height, nodes[3].stored.last_decided.height);
  const std::uint64_t target = nodes[0].replica->last_decided().height + 6;
  run_until(target);
  // Fire a timeout on every node while the network is stuck, then continue: in the view the
  // restarted node missed, and in the one it had sent its DA proposal for before the restart (it
  // resends that payload but cannot build a header for a payload it did not build, so it does not
  // propose).
  for (int round = 0; round < 3 && nodes[3].replica->last_decided().height < target; ++round) {
    for (NodeIndex i = 0; i < kNodes; ++i)
      handle(i, nodes[i].replica->on_timer(nodes[i].replica->view()));
    run_until(target);
  }
  ASSERT_GE(nodes[3].replica->last_decided().height, target);
  const auto expected = nodes[0].chain->chain_state().decided_state(target).value();
  EXPECT_EQ(nodes[3].chain->chain_state().decided_state(target).value().state, expected.state);
  EXPECT_EQ(nodes[3].replica->metrics().drops[static_cast<std::size_t>(
                consensus::DropReason::kInvalidBlock)],
            0u);
}

// As the sequencer runs it: the mempool names transactions by their "TX" commitment. The submit
// answer is that commitment, and every node's decided leaves list each block transaction, in
// block order (the builder regroups them by namespace), with its commitment and pooled bytes.
class ReplicaChainWithTxCommitments : public ReplicaChain {
 protected:
  void SetUp() override {
    config.transaction_commitment = &mempool_transaction_commitment;
    ReplicaChain::SetUp();
  }
};

TEST_F(ReplicaChainWithTxCommitments, DecidedLeavesNameTheBlockTransactionsInBlockOrder) {
  for (std::uint8_t i = 0; i < 12; ++i) {
    const Transaction tx{3u - i % 3u, Bytes(40 + i, i)};
    const auto submitted =
        nodes[i % kNodes].replica->on_local_transaction(encode_mempool_transaction(tx));
    ASSERT_EQ(submitted.added.result, consensus::Mempool::AddResult::kAdded);
    EXPECT_EQ(submitted.added.commitment, commit(tx).digest);
    handle(i % kNodes, submitted.actions);
  }
  // Bytes that are no transaction are refused, not pooled.
  EXPECT_EQ(nodes[0].replica->on_local_transaction(Bytes{1, 2, 3}).added.result,
            consensus::Mempool::AddResult::kInvalid);
  run_until(8);

  for (const Node& node : nodes) {
    std::size_t named = 0;
    for (const consensus::DecidedLeaf& block : node.decided) {
      ASSERT_TRUE(block.payload);
      EXPECT_EQ(block.pooled_by, &mempool_transaction_commitment);
      const Header header = decode_leaf_header(block.leaf).value();
      const auto transactions = Payload{*block.payload, header.ns_table}.transaction_views();
      ASSERT_EQ(block.pooled.size(), transactions.size());
      for (std::size_t i = 0; i < transactions.size(); ++i) {
        EXPECT_EQ(block.pooled[i].commitment, commit(transactions[i]).digest);
        const auto pooled = decode_mempool_transaction_view(block.pooled[i].bytes);
        ASSERT_TRUE(pooled);  // gossip reached every node before the block did
        EXPECT_EQ(*pooled, transactions[i]);
        ++named;
      }
    }
    EXPECT_EQ(named, 12u);
  }
}

}  // namespace
}  // namespace espresso
