#pragma once
// The node's event loop: drives one consensus Replica with the transport, real timers and the
// consensus store, all on one io_context run by one thread. The Replica is not thread-safe; the
// transport's and the HTTP server's handlers run on the same io_context, so nothing is locked
// but the store's append queue.
//
// Actions take effect in order. Consecutive persist actions go to the store in one append(), on
// a thread of their own (persist_worker.hpp) so the loop keeps receiving meanwhile; every later
// send, broadcast and decide waits until that append is on disk (DESIGN.md §5 persistence rule: a
// vote never leaves the process before the state it depends on is on disk). Timers do not
// wait, nor do the sends the replica marks as carrying no vote (consensus/actions.hpp). If the
// store fails, the node stops: sending without the record could make it equivocate after a restart.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

#include "api/node_metrics.hpp"
#include "api/status_module.hpp"
#include "common/result.hpp"
#include "consensus/replica.hpp"
#include "crypto/stake_table_keys.hpp"
#include "network/transport.hpp"
#include "node/runtime/decide_listener.hpp"
#include "storage/consensus_store.hpp"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace espresso {

struct NodeRuntimeConfig {
  consensus::NodeIndex self = 0;  // our position in the stake table
  consensus::ReplicaConfig replica;
  // The "Progress: entered view N" log line is printed every this many views (seed guide,
  // monitoring section).
  consensus::ViewNumber progress_log_interval = 100;
  // Appends queued for the store beyond this make the event loop wait for the disk (as it did
  // before appends had a thread of their own): a stalled disk must not pile up DA payloads in
  // memory.
  std::size_t max_queued_appends = 16;
};

// Borrowed collaborators; they must outlive the runtime.
struct NodeRuntimeParts {
  boost::asio::io_context& io;
  Transport& transport;        // its stake table is `keys`, in the same order
  const StakeTableKeys& keys;  // index in this table = consensus NodeIndex
  consensus::ReplicaContext replica;
  storage::ConsensusStore& store;
  NodeMetrics* metrics = nullptr;  // optional: Prometheus gauges for status/metrics
};

// Plain counters for tests and logs (the Prometheus ones are in NodeMetrics).
struct RuntimeCounters {
  std::uint64_t messages_in = 0;
  std::uint64_t decode_errors = 0;    // bytes from a peer that are not a consensus message
  std::uint64_t unknown_senders = 0;  // a key outside the stake table (the transport refuses them)
  std::uint64_t persist_batches = 0;
  std::uint64_t timeouts = 0;            // view timers that fired in their view
  std::uint64_t timeouts_as_leader = 0;  // ... in a view we led (we failed to propose)
  std::uint64_t decided_leaves = 0;
  std::uint64_t submitted_transactions = 0;
  std::uint64_t hashed_gossip = 0;  // peers' transactions hashed off the event loop, then pooled
  std::uint64_t gossip_refused_full = 0;  // dropped unhashed: the pool with what the hasher holds
};

class NodeRuntime final : public StatusSource {
 public:
  // Loads the persisted state from the store (genesis for a fresh one). Call from the io_context's
  // thread or before it runs, like every other method.
  static Result<std::unique_ptr<NodeRuntime>> create(NodeRuntimeConfig config,
                                                     NodeRuntimeParts parts);
  ~NodeRuntime() override;
  NodeRuntime(const NodeRuntime&) = delete;
  NodeRuntime& operator=(const NodeRuntime&) = delete;

  // `listener` must outlive the runtime; called in the order added.
  void add_decide_listener(DecideListener& listener);

  // Hooks the transport and starts the replica from the loaded state.
  void start();
  // Cancels timers and stops the transport; nothing runs on the replica afterwards. Idempotent.
  void stop();
  bool stopped() const;
  // Why the node stopped on its own (the store failed), if it did.
  std::optional<Error> fatal_error() const;

  // A transaction in the mempool's byte form (node/chain/mempool_transaction.hpp): added to the
  // local mempool and gossiped; answers the mempool's commitment of it. Fails when the mempool
  // refuses it (full, too large, not a transaction) or the node is stopped; a duplicate of a
  // pending transaction is accepted.
  Result<consensus::Commitment> submit(Bytes transaction);

  const consensus::Replica& replica() const;
  RuntimeCounters counters() const;

  // StatusSource
  std::uint64_t block_height() const override;
  double success_rate() const override;
  std::uint64_t seconds_since_last_decide() const override;

  struct Impl;

 private:
  explicit NodeRuntime(std::shared_ptr<Impl> impl);
  // Shared with the callbacks queued on the io_context, which hold it weakly: a callback that runs
  // after the runtime is gone does nothing.
  std::shared_ptr<Impl> impl_;
};

}  // namespace espresso
