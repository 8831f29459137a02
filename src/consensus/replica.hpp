#pragma once
// One node's consensus as a pure state machine: events in (message, timer, local transaction,
// restart from storage), actions out (send, broadcast, set timer, persist, decide). No sockets,
// clock, threads or randomness; crypto, blocks and VID are injected.

#include <memory>
#include <optional>

#include "consensus/actions.hpp"
#include "consensus/block_interfaces.hpp"
#include "consensus/clock.hpp"
#include "consensus/drop_reason.hpp"
#include "consensus/mempool.hpp"
#include "consensus/persistence.hpp"
#include "consensus/safety_rules.hpp"
#include "consensus/signature_scheme.hpp"
#include "consensus/stake_table.hpp"
#include "consensus/upgrade.hpp"

namespace espresso::consensus {

struct MessageLimits {
  std::size_t max_payload_bytes = 1 << 20;
  std::size_t max_header_bytes = 4096;
  std::size_t max_block_transactions = 4096;
  std::size_t max_share_bytes = 2 << 20;
  ViewNumber vote_horizon = 64;  // votes this many views ahead are still buffered
};

struct ReplicaConfig {
  std::uint64_t view_timeout_ms = 1000;
  MessageLimits limits;
  MempoolLimits mempool;
  TransactionCommitter transaction_commitment = &sha256_transaction_commitment;
  BrokenRule broken_rule = BrokenRule::kNone;  // tests only
  Version version{0, 1};                       // at genesis
  std::optional<UpgradeConfig> upgrade;        // from genesis; the same on every node
};

// Borrowed collaborators; they must outlive the replica.
struct ReplicaContext {
  const StakeTable& table;
  const Signer& signer;
  const SignatureVerifier& verifier;
  BlockBuilder& builder;
  const BlockValidator& validator;
  const VidScheme& vid;
  // Read only for time-based upgrade windows; without one such a window stays closed.
  const WallClock* clock = nullptr;
};

struct ReplicaMetrics {
  DropCounts drops{};
  std::uint64_t votes_sent = 0;
  std::uint64_t proposals_sent = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t refused_unsafe = 0;   // proposals refused by the safety rules
  std::uint64_t local_conflicts = 0;  // a decide that would not extend our own chain (never honest)
  std::uint64_t decided_leaves = 0;
  std::uint64_t upgrade_votes_sent = 0;
};

class Replica {
 public:
  Replica(ReplicaConfig config, ReplicaContext context);
  ~Replica();
  Replica(Replica&&) noexcept;

  // First event: `restored` is what storage returned (nullopt on first start).
  Actions start(const std::optional<PersistedState>& restored);
  // `from` is the authenticated sender; our own index only for our own messages delivered back
  // (SendAction to ourselves), whose signatures are not checked again.
  Actions on_message(NodeIndex from, const Message& message);
  Actions on_timer(ViewNumber view);
  // A transaction submitted to this node: the mempool's answer, and the gossip it leads to.
  struct LocalTransaction {
    Mempool::Added added;
    Actions actions;
  };
  LocalTransaction on_local_transaction(Bytes transaction);
  // A peer's gossiped transaction (a TransactionMessage) whose commitment the driver computed off
  // its event loop with the configured committer: nothing when the bytes are not a transaction.
  Actions on_hashed_transaction(Bytes transaction, std::optional<Commitment> commitment);

  ViewNumber view() const;
  const Leaf& last_decided() const;
  const Certificate& high_qc() const;
  const ReplicaMetrics& metrics() const;
  const Mempool& mempool() const;
  // The version in force after the last decided block (the next block's, unless it activates).
  Version decided_version() const;
  // The view of the first decided block that carries the upgrade certificate.
  std::optional<ViewNumber> decided_upgrade_anchor() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace espresso::consensus
