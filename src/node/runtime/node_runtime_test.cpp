// Four NodeRuntimes in one process over loopback TLS with real BLS signatures, AVID VID, test
// blocks and SQLite stores: transactions submitted to different nodes are all decided, in the same
// order everywhere. Driven by io_context::run_for until a condition holds or a deadline passes.
#include "node/runtime/node_runtime.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <utility>  // before Asio (DESIGN.md §3)

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <spdlog/spdlog.h>

#include "consensus/avid_vid.hpp"
#include "consensus/bls_signatures.hpp"
#include "consensus/test_blocks.hpp"
#include "consensus/wire/message_codec.hpp"
#include "storage/test_paths.hpp"

namespace espresso {
namespace {

using namespace std::chrono_literals;
constexpr std::size_t kNodes = 4;

// The transactions of a TestBlockBuilder payload (u64 LE length, bytes; repeated).
std::vector<Bytes> test_payload_transactions(ByteView payload) {
  std::vector<Bytes> out;
  std::size_t at = 0;
  while (at + 8 <= payload.size()) {
    std::uint64_t size = 0;
    for (std::size_t i = 0; i < 8; ++i) size |= std::uint64_t{payload[at + i]} << (8 * i);
    at += 8;
    if (size > payload.size() - at) break;
    out.emplace_back(payload.begin() + static_cast<std::ptrdiff_t>(at),
                     payload.begin() + static_cast<std::ptrdiff_t>(at + size));
    at += size;
  }
  return out;
}

struct DecidedLog final : DecideListener {
  std::vector<std::uint64_t> heights;
  std::vector<Bytes> transactions;
  // Per decided leaf: its view and who signed the QC on it.
  std::vector<std::pair<consensus::ViewNumber, std::vector<bool>>> qc_signers;
  void on_decide(const DecidedBatch& batch) override {
    for (const auto& decided : *batch) {
      heights.push_back(decided.leaf.height);
      if (decided.qc) qc_signers.emplace_back(decided.leaf.view, decided.qc->signers);
      if (decided.payload) {
        for (auto& tx : test_payload_transactions(*decided.payload)) transactions.push_back(tx);
      }
    }
  }
};

struct TestNode {
  explicit TestNode(const BlsSecretKey& secret) : key(secret) {}
  BlsSecretKey key;
  std::unique_ptr<consensus::Signer> signer;
  consensus::TestBlockBuilder builder;
  consensus::TestBlockValidator validator;
  std::unique_ptr<storage::ConsensusStore> store;
  std::unique_ptr<Transport> transport;
  prometheus::Registry registry;
  std::unique_ptr<NodeMetrics> metrics;
  std::unique_ptr<NodeRuntime> runtime;
  DecidedLog log;
};

class NodeRuntimeTest : public ::testing::Test {
 protected:
  NodeRuntimeTest() {
    spdlog::set_level(spdlog::level::warn);  // the per-decide info lines would drown the output
    KeySeed seed{};
    seed.fill(42);
    std::vector<StakeTableEntry> entries;
    std::vector<consensus::StakeEntry> weights;
    for (std::size_t i = 0; i < kNodes; ++i) {
      auto key = BlsSecretKey::from_seed(seed, i);
      entries.push_back(StakeTableEntry{key.public_key(), 1, key.prove_possession()});
      weights.push_back(consensus::StakeEntry{1, true});
      secret_keys.push_back(key);
    }
    keys = std::make_unique<StakeTableKeys>(*StakeTableKeys::create(entries));
    table = std::make_unique<consensus::StakeTable>(*consensus::StakeTable::create(weights));
    verifier = consensus::make_bls_verifier(*keys);
    vid = consensus::make_avid_vid(std::vector<std::uint64_t>(kNodes, 1));
  }

  ~NodeRuntimeTest() override {
    for (auto& node : nodes) {
      if (node && node->runtime) node->runtime->stop();
    }
    io.run_for(100ms);  // let cancelled operations finish before the nodes go away
  }

  using StoreWrapper = std::function<std::unique_ptr<storage::ConsensusStore>(
      std::unique_ptr<storage::ConsensusStore>)>;

  void start_node(std::size_t i, const StoreWrapper& wrap = nullptr) {
    auto node = std::make_unique<TestNode>(secret_keys[i]);
    node->signer = consensus::make_bls_signer(static_cast<consensus::NodeIndex>(i), node->key);
    auto store = storage::make_sqlite_consensus_store(dir.file("node" + std::to_string(i) + ".db"));
    ASSERT_TRUE(store) << store.error().message;
    node->store = wrap ? wrap(std::move(*store)) : std::move(*store);
    std::vector<BlsPublicKey> members;
    for (std::size_t k = 0; k < keys->size(); ++k) members.push_back(keys->key(k));
    TransportConfig transport_config{node->key, members};
    transport_config.bind_address = HostPort{"127.0.0.1", ports[i]};
    transport_config.backoff = BackoffPolicy{20ms, 200ms, 2.0};
    auto transport = Transport::create(io, std::move(transport_config));
    ASSERT_TRUE(transport) << transport.error().message;
    node->transport = std::move(*transport);
    ports[i] = node->transport->local_address().port;
    node->metrics = std::make_unique<NodeMetrics>(node->registry);

    NodeRuntimeConfig config;
    config.self = static_cast<consensus::NodeIndex>(i);
    config.replica.view_timeout_ms = view_timeout_ms;
    // The nodes share this thread: one waiting for its stalled store would stop them all.
    config.max_queued_appends = 100'000;
    config.replica.mempool = mempool_limits;
    auto runtime = NodeRuntime::create(
        config, NodeRuntimeParts{io, *node->transport, *keys,
                                 consensus::ReplicaContext{*table, *node->signer, *verifier,
                                                           node->builder, node->validator, *vid},
                                 *node->store, node->metrics.get()});
    ASSERT_TRUE(runtime) << runtime.error().message;
    node->runtime = std::move(*runtime);
    node->runtime->add_decide_listener(node->log);
    nodes[i] = std::move(node);
  }

  void connect_and_start() {
    for (std::size_t i = 0; i < kNodes; ++i) {
      for (std::size_t j = 0; j < kNodes; ++j) {
        if (i != j) {
          nodes[i]->transport->add_peer(
              PeerEndpoint{HostPort{"127.0.0.1", ports[j]}, keys->key(j)});
        }
      }
    }
    for (auto& node : nodes) node->runtime->start();
  }

  bool all_connected() const {
    for (const auto& node : nodes) {
      if (node->transport->metrics().connected_peers != kNodes - 1) return false;
    }
    return true;
  }

  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (done()) return true;
      io.run_for(20ms);
    }
    return done();
  }

  consensus::MempoolLimits mempool_limits;
  std::uint64_t view_timeout_ms = 2000;
  boost::asio::io_context io;
  storage::TempDir dir;
  std::vector<BlsSecretKey> secret_keys;
  std::unique_ptr<StakeTableKeys> keys;
  std::unique_ptr<consensus::StakeTable> table;
  std::unique_ptr<consensus::SignatureVerifier> verifier;
  std::unique_ptr<consensus::VidScheme> vid;
  std::array<std::uint16_t, kNodes> ports{};
  std::array<std::unique_ptr<TestNode>, kNodes> nodes;
};

// A consensus store whose appends can be held back, like a disk that stalls.
class GatedStore final : public storage::ConsensusStore {
 public:
  explicit GatedStore(std::unique_ptr<storage::ConsensusStore> inner) : inner_(std::move(inner)) {}
  Status append(std::span<const consensus::PersistRecord> records) override {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return open_; });
    return inner_->append(records);
  }
  Result<consensus::PersistedState> load() override { return inner_->load(); }
  void set_open(bool open) {
    {
      std::lock_guard lock(mutex_);
      open_ = open;
    }
    changed_.notify_all();
  }

 private:
  std::unique_ptr<storage::ConsensusStore> inner_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = true;
};

Bytes transaction(std::size_t i) {
  std::string text = "transaction " + std::to_string(i);
  return Bytes(text.begin(), text.end());
}

TEST_F(NodeRuntimeTest, FourNodesDecideTransactionsSubmittedToDifferentNodes) {
  for (std::size_t i = 0; i < kNodes; ++i) start_node(i);
  connect_and_start();
  ASSERT_TRUE(run_until([&] { return all_connected(); }, 10s));

  constexpr std::size_t kTransactions = 40;
  for (std::size_t i = 0; i < kTransactions; ++i) {
    ASSERT_TRUE(nodes[i % kNodes]->runtime->submit(transaction(i)));
  }
  const bool all_decided = run_until(
      [&] {
        for (auto& node : nodes) {
          if (node->log.transactions.size() < kTransactions) return false;
        }
        return true;
      },
      30s);
  for (auto& node : nodes) {
    ASSERT_TRUE(all_decided) << "decided " << node->log.transactions.size() << " of "
                             << kTransactions << " transactions, view "
                             << node->runtime->replica().view();
  }

  // Gossip reached the peers' pools through their hashers.
  std::uint64_t hashed_gossip = 0;
  for (auto& node : nodes) hashed_gossip += node->runtime->counters().hashed_gossip;
  EXPECT_GT(hashed_gossip, 0u);

  // Every node decided the same transactions in the same order, each exactly once.
  const auto& first = nodes[0]->log.transactions;
  std::set<Bytes> distinct(first.begin(), first.end());
  EXPECT_EQ(distinct.size(), kTransactions);
  for (std::size_t i = 0; i < kTransactions; ++i) EXPECT_TRUE(distinct.contains(transaction(i)));
  for (auto& node : nodes) {
    const auto shared = std::min(node->log.transactions.size(), first.size());
    EXPECT_TRUE(std::equal(first.begin(), first.begin() + static_cast<std::ptrdiff_t>(shared),
                           node->log.transactions.begin()));
    // Heights arrive contiguous and increasing.
    for (std::size_t h = 1; h < node->log.heights.size(); ++h) {
      EXPECT_EQ(node->log.heights[h], node->log.heights[h - 1] + 1);
    }
    EXPECT_EQ(node->runtime->counters().decode_errors, 0u);
    EXPECT_GT(node->runtime->block_height(), 1u);
    EXPECT_EQ(node->metrics->connected_peers.Value(), kNodes - 1);
    EXPECT_GT(node->metrics->current_view.Value(), 1);
    EXPECT_FALSE(node->runtime->fatal_error());
  }
}

// Each node's pool is full with its own transactions when the others' gossip arrives: that gossip
// is dropped unhashed (counted), and every transaction is still decided once, by its own node's
// proposals.
TEST_F(NodeRuntimeTest, FullPoolsDropGossipUnhashedAndEachNodeSequencesItsOwn) {
  mempool_limits = consensus::MempoolLimits{2, 1000, 100};
  for (std::size_t i = 0; i < kNodes; ++i) start_node(i);
  connect_and_start();
  ASSERT_TRUE(run_until([&] { return all_connected(); }, 10s));
  constexpr std::size_t kPerNode = 2;  // fills each pool; their gossip meets full pools
  for (std::size_t i = 0; i < kNodes * kPerNode; ++i) {
    ASSERT_TRUE(nodes[i % kNodes]->runtime->submit(transaction(i)));
  }
  const bool all_decided = run_until(
      [&] {
        for (auto& node : nodes) {
          if (node->log.transactions.size() < kNodes * kPerNode) return false;
        }
        return true;
      },
      30s);
  ASSERT_TRUE(all_decided);
  std::uint64_t refused = 0;
  for (auto& node : nodes) {
    refused += node->runtime->counters().gossip_refused_full;
    const std::set<Bytes> distinct(node->log.transactions.begin(), node->log.transactions.end());
    EXPECT_EQ(distinct.size(), node->log.transactions.size());
  }
  EXPECT_GT(refused, 0u);
}

// A refused submission says why; a duplicate is accepted again (submitting twice is harmless) but
// counted once.
TEST_F(NodeRuntimeTest, SubmitRefusalsSayWhyAndDuplicatesAreAccepted) {
  mempool_limits = consensus::MempoolLimits{2, 1000, 100};
  start_node(0);
  NodeRuntime& runtime = *nodes[0]->runtime;
  ASSERT_TRUE(runtime.submit(transaction(1)));
  ASSERT_TRUE(runtime.submit(transaction(1)));
  EXPECT_EQ(runtime.counters().submitted_transactions, 1u);
  auto too_large = runtime.submit(Bytes(101, 7));
  ASSERT_FALSE(too_large);
  EXPECT_NE(too_large.error().message.find("of 101 bytes is larger than the mempool takes"),
            std::string::npos)
      << too_large.error().message;
  ASSERT_TRUE(runtime.submit(transaction(2)));
  auto full = runtime.submit(transaction(3));
  ASSERT_FALSE(full);
  EXPECT_NE(full.error().message.find("the mempool is full (2 transactions, 26 bytes pending)"),
            std::string::npos)
      << full.error().message;
  EXPECT_EQ(runtime.counters().submitted_transactions, 2u);
}

TEST_F(NodeRuntimeTest, GarbageFromAPeerIsCountedAndDropped) {
  for (std::size_t i = 0; i < kNodes; ++i) start_node(i);
  connect_and_start();
  ASSERT_TRUE(run_until([&] { return nodes[0]->transport->is_connected(keys->key(1)); }, 10s));
  nodes[1]->transport->send(keys->key(0), Bytes{0xff, 0x00, 0x13});
  ASSERT_TRUE(run_until([&] { return nodes[0]->runtime->counters().decode_errors == 1; }, 10s));
  // The node keeps deciding after the bad message.
  const auto height = nodes[0]->runtime->block_height();
  EXPECT_TRUE(run_until([&] { return nodes[0]->runtime->block_height() > height + 2; }, 20s));
}

TEST_F(NodeRuntimeTest, WhileItsStoreStallsANodeCastsNoVoteButKeepsFollowing) {
  view_timeout_ms = 400;  // views led by the stalled node time out quickly
  GatedStore* gate = nullptr;
  for (std::size_t i = 0; i < kNodes; ++i) {
    start_node(
        i, i != 3 ? StoreWrapper() : [&](std::unique_ptr<storage::ConsensusStore> inner) {
          auto gated = std::make_unique<GatedStore>(std::move(inner));
          gate = gated.get();
          return gated;
        });
  }
  connect_and_start();
  ASSERT_TRUE(run_until([&] { return nodes[3]->runtime->block_height() > 2; }, 20s));

  gate->set_open(false);
  // A vote node 3 sent before the stall may still count in the next view or two; none after.
  const auto stall_view = nodes[3]->runtime->replica().view() + 2;
  const auto height = nodes[0]->runtime->block_height();
  ASSERT_TRUE(run_until([&] { return nodes[0]->runtime->block_height() > height + 4; }, 20s));
  const auto signed_by_3_after = [&](consensus::ViewNumber view) {
    return std::ranges::count_if(nodes[0]->log.qc_signers,
                                 [&](const auto& e) { return e.first > view && e.second[3]; });
  };
  EXPECT_EQ(signed_by_3_after(stall_view), 0);
  EXPECT_GT(nodes[3]->runtime->replica().view(), stall_view);  // its loop kept receiving

  // Once the store catches up, what waited leaves and node 3's votes count again.
  gate->set_open(true);
  const auto reopened_view = nodes[0]->runtime->replica().view();
  EXPECT_TRUE(run_until([&] { return signed_by_3_after(reopened_view) > 0; }, 20s));
  EXPECT_FALSE(nodes[3]->runtime->fatal_error());
}

TEST_F(NodeRuntimeTest, RestartedNodeResumesFromItsStoreAndDecidesAgain) {
  for (std::size_t i = 0; i < kNodes; ++i) start_node(i);
  connect_and_start();
  ASSERT_TRUE(run_until([&] { return nodes[3]->runtime->block_height() > 3; }, 20s));
  const auto voted_view = nodes[3]->runtime->replica().view();
  nodes[3]->runtime->stop();
  nodes[3].reset();
  io.run_for(50ms);

  start_node(3);  // same store file, same port
  EXPECT_GE(nodes[3]->runtime->replica().view(), 0u);
  for (std::size_t j = 0; j < 3; ++j) {
    nodes[3]->transport->add_peer(PeerEndpoint{HostPort{"127.0.0.1", ports[j]}, keys->key(j)});
  }
  nodes[3]->runtime->start();
  EXPECT_GE(nodes[3]->runtime->replica().view() + 1, voted_view);  // resumed, not at genesis
  const auto height = nodes[3]->runtime->block_height();
  EXPECT_GT(height, 3u);
  EXPECT_TRUE(run_until([&] { return nodes[3]->runtime->block_height() > height + 2; }, 20s));
}

}  // namespace
}  // namespace espresso
