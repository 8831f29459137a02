#include "node/runtime/node_runtime.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <utility>  // before Asio (DESIGN.md §3)
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "consensus/wire/message_codec.hpp"
#include "node/runtime/peer_directory.hpp"
#include "node/runtime/persist_worker.hpp"
#include "node/runtime/transaction_hasher.hpp"

namespace espresso {

namespace asio = boost::asio;
using consensus::Actions;
using consensus::NodeIndex;
using consensus::ViewNumber;
using Clock = std::chrono::steady_clock;

struct NodeRuntime::Impl : std::enable_shared_from_this<NodeRuntime::Impl> {
  Impl(NodeRuntimeConfig config_in, NodeRuntimeParts parts_in,
       consensus::PersistedState restored_in)
      : config(std::move(config_in)),
        parts(parts_in),
        peers(parts.keys),
        limits(consensus::wire::wire_limits(config.replica.limits, config.replica.mempool)),
        replica(config.replica, parts.replica),
        restored(std::move(restored_in)) {}

  NodeRuntimeConfig config;
  NodeRuntimeParts parts;
  PeerDirectory peers;
  consensus::wire::WireLimits limits;
  consensus::Replica replica;
  consensus::PersistedState restored;
  std::vector<DecideListener*> listeners;
  std::map<std::uint64_t, std::unique_ptr<asio::steady_timer>> timers;
  std::uint64_t next_timer_id = 0;
  RuntimeCounters counters;
  bool started = false;
  bool is_stopped = false;
  std::optional<Error> fatal;

  // Appends go to the store on the worker's thread; every send, broadcast and decide that follows
  // an append waits in `held` until the worker reports that append (and all before it) durable.
  struct Held {
    std::uint64_t after_ticket;
    consensus::Action action;
  };
  std::deque<Held> held;
  std::uint64_t persist_queued = 0;   // tickets handed out
  std::uint64_t persist_durable = 0;  // tickets reported written, in order
  // Its destructor drains the queue and joins; the worker itself touches no member here.
  std::unique_ptr<PersistWorker> persist_worker;
  // Gossiped transactions are hashed there; the replica pools them when the result comes back.
  std::unique_ptr<TransactionHasher> hasher;

  // For the status module.
  ViewNumber start_view = 0;
  ViewNumber logged_view = 0;
  std::uint64_t refused_logged = 0;
  Clock::time_point last_decide_time = Clock::now();

  // --- events in ---

  // Called once, right after construction (weak_from_this needs the shared_ptr).
  void start_workers() {
    persist_worker = std::make_unique<PersistWorker>(
        parts.store,
        [weak = weak_from_this(), &io = parts.io](std::uint64_t ticket, Status outcome) {
          asio::post(io, [weak, ticket, outcome = std::move(outcome)]() mutable {
            if (auto self = weak.lock()) self->on_persisted(ticket, std::move(outcome));
          });
        });
    hasher = std::make_unique<TransactionHasher>(
        config.replica.transaction_commitment, config.replica.mempool.max_bytes,
        [weak = weak_from_this(), &io = parts.io](Bytes transaction,
                                                  std::optional<consensus::Commitment> commitment) {
          asio::post(io, [weak, transaction = std::move(transaction), commitment]() mutable {
            if (auto self = weak.lock()) self->on_hashed(std::move(transaction), commitment);
          });
        });
  }

  void start() {
    started = true;
    spdlog::info("node {}: starting from decided height {} (view {}), last voted view {}",
                 config.self, restored.last_decided.height, restored.last_decided.view,
                 restored.last_voted_view);
    std::weak_ptr<Impl> weak = weak_from_this();
    parts.transport.on_receive([weak](const BlsPublicKey& from, Bytes message) {
      if (auto self = weak.lock()) self->on_bytes(from, message);
    });
    execute(replica.start(restored));
    start_view = replica.view();
    logged_view = start_view;
    restored = {};  // the replica holds it now
  }

  void on_bytes(const BlsPublicKey& from, const Bytes& bytes) {
    if (is_stopped) return;
    ++counters.messages_in;
    auto sender = peers.index_of(from);
    // Our own index is only for messages we deliver to ourselves: the replica takes those as
    // signed here (the transport already refuses a peer presenting our key).
    if (!sender || *sender == config.self) {
      ++counters.unknown_senders;
      return;
    }
    auto message = consensus::wire::decode_message(bytes, limits);
    if (!message) {
      ++counters.decode_errors;
      spdlog::debug("node {}: dropped a message from node {}: {}", config.self, *sender,
                    message.error().message);
      return;
    }
    if (auto* gossip = std::get_if<consensus::TransactionMessage>(&*message)) {
      // What waits for the hasher counts against the pool's bound: hashed while the pool filled,
      // it would be refused as full on its return, hashed for nothing (and again by the query
      // store if a leader sequenced it). A full pool drops gossip unhashed, as add would.
      const auto refused =
          replica.mempool().refusal(gossip->transaction.size(), hasher->queued_bytes());
      if (refused == consensus::Mempool::AddResult::kFull) {
        ++counters.gossip_refused_full;
        return;
      }
      // Hashed off the event loop unless it is too large (the replica counts that, without
      // hashing) or too much already waits for the hasher.
      if (!refused && hasher->submit(std::move(gossip->transaction))) return;
    }
    execute(replica.on_message(*sender, *message));
  }

  void on_hashed(Bytes transaction, std::optional<consensus::Commitment> commitment) {
    if (is_stopped) return;
    ++counters.hashed_gossip;
    execute(replica.on_hashed_transaction(std::move(transaction), commitment));
  }

  void on_own_message(const consensus::MessagePtr& message) {
    if (is_stopped) return;
    execute(replica.on_message(config.self, *message));
  }

  void on_timer(std::uint64_t id, ViewNumber view) {
    timers.erase(id);
    if (is_stopped) return;
    if (view == replica.view()) note_timeout(view);
    execute(replica.on_timer(view));
  }

  Result<consensus::Commitment> submit(Bytes transaction) {
    if (is_stopped) return fail("the node is stopping");
    const std::size_t size = transaction.size();
    auto [added, actions] = replica.on_local_transaction(std::move(transaction));
    execute(std::move(actions));
    using Added = consensus::Mempool::AddResult;
    switch (added.result) {
      case Added::kFull:
        return fail("the mempool is full (" + std::to_string(replica.mempool().size()) +
                    " transactions, " + std::to_string(replica.mempool().bytes()) +
                    " bytes pending)");
      case Added::kTooLarge:
        return fail("the transaction of " + std::to_string(size) +
                    " bytes is larger than the mempool takes");
      case Added::kInvalid:
        return fail("the " + std::to_string(size) + " bytes are not a transaction");
      case Added::kAdded:
        ++counters.submitted_transactions;
        break;
      case Added::kDuplicate:
        break;  // already pending or decided: submitting it again is harmless
    }
    return *added.commitment;
  }

  // --- actions out ---

  void execute(Actions actions) {
    std::vector<consensus::PersistRecord> batch;
    for (auto& action : actions) {
      if (is_stopped) return;
      if (auto* persist = std::get_if<consensus::PersistAction>(&action)) {
        batch.push_back(std::move(persist->record));
        continue;
      }
      queue_persist(batch);
      if (persist_durable < persist_queued && !independent_of_storage(action)) {
        held.push_back(Held{persist_queued, std::move(action)});
      } else {
        std::visit([this](auto& a) { run(a); }, action);
      }
    }
    queue_persist(batch);
    update_metrics();
  }

  // Timers, and the sends the replica marks so (consensus/actions.hpp), need not wait for the disk.
  static bool independent_of_storage(const consensus::Action& action) {
    if (std::holds_alternative<consensus::SetTimerAction>(action)) return true;
    if (const auto* send = std::get_if<consensus::SendAction>(&action)) {
      return !send->waits_for_persist;
    }
    const auto* broadcast = std::get_if<consensus::BroadcastAction>(&action);
    return broadcast != nullptr && !broadcast->waits_for_persist;
  }

  // Hands the pending persist records to the worker as one append.
  void queue_persist(std::vector<consensus::PersistRecord>& batch) {
    if (batch.empty()) return;
    persist_queued = persist_worker->submit(std::move(batch));
    batch.clear();
    ++counters.persist_batches;
    persist_worker->wait_while_queued_above(config.max_queued_appends);
  }

  // The worker wrote append `ticket` (and every one before it): release what waited for it. If
  // it failed, the node stops: sending without the record could make it equivocate after a
  // restart.
  void on_persisted(std::uint64_t ticket, Status outcome) {
    if (is_stopped) return;
    if (!outcome) {
      fatal = std::move(outcome).error().context("consensus store");
      spdlog::critical("node {}: cannot persist consensus state, stopping: {}", config.self,
                       fatal->message);
      stop();
      return;
    }
    persist_durable = ticket;
    while (!held.empty() && held.front().after_ticket <= persist_durable && !is_stopped) {
      consensus::Action action = std::move(held.front().action);
      held.pop_front();
      std::visit([this](auto& a) { run(a); }, action);
    }
    update_metrics();
  }

  void run(consensus::SendAction& send) {
    if (send.to == config.self) {
      asio::post(parts.io, [weak = weak_from_this(), message = std::move(send.message)] {
        if (auto self = weak.lock()) self->on_own_message(message);
      });
      return;
    }
    if (send.to >= peers.size()) return;
    parts.transport.send(peers.key_of(send.to), consensus::wire::encode_message(*send.message));
  }

  void run(consensus::BroadcastAction& broadcast) {
    parts.transport.broadcast(consensus::wire::encode_message(*broadcast.message));
  }

  void run(consensus::SetTimerAction& set) {
    const std::uint64_t id = next_timer_id++;
    auto timer = std::make_unique<asio::steady_timer>(parts.io);
    timer->expires_after(std::chrono::milliseconds(set.delay_ms));
    timer->async_wait([weak = weak_from_this(), id, view = set.view](const auto& error) {
      if (error) return;  // cancelled by stop()
      if (auto self = weak.lock()) self->on_timer(id, view);
    });
    timers.emplace(id, std::move(timer));
  }

  void run(consensus::PersistAction&) {}  // queued in execute()

  void run(consensus::DecideAction& decide) {
    if (decide.leaves.empty()) return;
    counters.decided_leaves += decide.leaves.size();
    last_decide_time = Clock::now();
    const auto& newest = decide.leaves.back().leaf;
    spdlog::info("node {}: decided height {} in view {} ({} block{})", config.self, newest.height,
                 newest.view, decide.leaves.size(), decide.leaves.size() == 1 ? "" : "s");
    const DecidedBatch batch = make_decided_batch(std::move(decide.leaves));
    for (DecideListener* listener : listeners) listener->on_decide(batch);
  }

  // --- logs and metrics ---

  // The transport refuses peers outside the stake table silently; say so in the log.
  void note_refused_connections() {
    const auto transport = parts.transport.metrics();
    const auto refused = transport.refused_unknown_key + transport.refused_bad_signature;
    if (refused > refused_logged) {
      spdlog::warn(
          "node {}: refused {} connection{} from keys outside the stake table or with a "
          "bad session signature ({} so far)",
          config.self, refused - refused_logged, refused - refused_logged == 1 ? "" : "s", refused);
      refused_logged = refused;
    }
  }

  void note_timeout(ViewNumber view) {
    ++counters.timeouts;
    const bool leader = parts.replica.table.leader(view) == config.self;
    if (leader) {
      ++counters.timeouts_as_leader;
      if (parts.metrics) parts.metrics->timeouts_as_leader.Increment();
      spdlog::warn("node {}: Failed to publish proposal for view {} (we lead it; it timed out)",
                   config.self, view);
    } else {
      spdlog::warn("node {}: view {} timed out (leader {})", config.self, view,
                   parts.replica.table.leader(view));
    }
  }

  void update_metrics() {
    note_refused_connections();
    const ViewNumber view = replica.view();
    const ViewNumber interval = std::max<ViewNumber>(1, config.progress_log_interval);
    if (view / interval > logged_view / interval) {
      spdlog::info("node {}: Progress: entered view {}", config.self, view / interval * interval);
    }
    logged_view = std::max(logged_view, view);
    if (!parts.metrics) return;
    parts.metrics->current_view.Set(static_cast<double>(view));
    parts.metrics->last_decided_view.Set(static_cast<double>(replica.last_decided().view));
    parts.metrics->outstanding_transactions.Set(static_cast<double>(replica.mempool().size()));
    parts.metrics->connected_peers.Set(
        static_cast<double>(parts.transport.metrics().connected_peers));
  }

  void stop() {
    if (is_stopped) return;
    is_stopped = true;
    held.clear();  // never sent, as after a crash
    for (auto& [id, timer] : timers) timer->cancel();
    timers.clear();
    parts.transport.stop();
    spdlog::info("node {}: stopped in view {} at decided height {}", config.self, replica.view(),
                 replica.last_decided().height);
  }
};

Result<std::unique_ptr<NodeRuntime>> NodeRuntime::create(NodeRuntimeConfig config,
                                                         NodeRuntimeParts parts) {
  if (parts.keys.size() != parts.replica.table.size()) {
    return fail("node runtime: the stake table has " + std::to_string(parts.keys.size()) +
                " keys but " + std::to_string(parts.replica.table.size()) + " weights");
  }
  if (config.self >= parts.keys.size()) {
    return fail("node runtime: node index " + std::to_string(config.self) +
                " is outside the stake table of " + std::to_string(parts.keys.size()));
  }
  auto restored = parts.store.load();
  if (!restored) return fail(restored.error().context("node runtime: loading consensus state"));
  auto impl = std::make_shared<Impl>(std::move(config), parts, std::move(*restored));
  impl->start_workers();
  return std::unique_ptr<NodeRuntime>(new NodeRuntime(std::move(impl)));
}

NodeRuntime::NodeRuntime(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
NodeRuntime::~NodeRuntime() {
  impl_->stop();
}

void NodeRuntime::add_decide_listener(DecideListener& listener) {
  impl_->listeners.push_back(&listener);
}
void NodeRuntime::start() {
  if (!impl_->started && !impl_->is_stopped) impl_->start();
}
void NodeRuntime::stop() {
  impl_->stop();
}
bool NodeRuntime::stopped() const {
  return impl_->is_stopped;
}
std::optional<Error> NodeRuntime::fatal_error() const {
  return impl_->fatal;
}
Result<consensus::Commitment> NodeRuntime::submit(Bytes transaction) {
  return impl_->submit(std::move(transaction));
}
const consensus::Replica& NodeRuntime::replica() const {
  return impl_->replica;
}
RuntimeCounters NodeRuntime::counters() const {
  return impl_->counters;
}

std::uint64_t NodeRuntime::block_height() const {
  return impl_->replica.last_decided().height + 1;  // blocks 0..height are decided
}
double NodeRuntime::success_rate() const {
  const ViewNumber views = impl_->replica.view() - impl_->start_view;
  if (views == 0) return 1.0;
  return std::min(1.0,
                  static_cast<double>(impl_->counters.decided_leaves) / static_cast<double>(views));
}
std::uint64_t NodeRuntime::seconds_since_last_decide() const {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - impl_->last_decide_time)
          .count());
}

}  // namespace espresso
