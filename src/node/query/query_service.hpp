#pragma once
// The node's query service: opens the query store chosen by the storage options, stores each
// decided block (off the consensus thread, through a bounded queue and one writer thread),
// publishes stored heights to the availability streams, serves the availability, node and
// explorer routes, and runs the pruner when the options ask for it.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "api/query/node_status_source.hpp"
#include "api/router.hpp"
#include "api/stream.hpp"
#include "api/streams/block_feed.hpp"
#include "common/result.hpp"
#include "node/options/sequencer_options.hpp"
#include "node/query/block_backfill.hpp"
#include "node/runtime/decide_listener.hpp"
#include "storage/postgres.hpp"
#include "storage/pruner.hpp"
#include "storage/query_store.hpp"

namespace espresso::node_query {

// Where the query store lives: a SQLite file or a PostgreSQL database, plus the pruner settings
// when pruning is asked for.
struct QueryStorage {
  std::optional<std::string> sqlite_path;
  std::optional<storage::PostgresConfig> postgres;
  std::optional<storage::PrunerConfig> pruning;
};

// SqlStorage -> PostgreSQL (pruning when --prune); FsStorage or no module -> SQLite file
// "query.sqlite" under `storage_dir`.
Result<QueryStorage> query_storage_from(const StorageModule& module,
                                        const std::filesystem::path& storage_dir);

// A new connection to the store `target` names (creating and migrating it if needed).
Result<std::unique_ptr<storage::QueryStore>> open_query_store(const QueryStorage& target);

// What the node API asks of the running node. Absent callbacks: an empty stake table, and sync
// status computed from the store.
struct NodeCallbacks {
  std::function<std::vector<query::StakeTableMember>()> stake_table;
  std::function<std::optional<query::SyncStatus>()> sync_status;
};

struct QueryServiceOptions {
  QueryStorage storage;
  // Stake per node in stake-table order: decided leaves carry the payload but not the VID common
  // data, which the writer recomputes with these weights.
  std::vector<std::uint64_t> vid_weights;
  NodeCallbacks node;
  std::size_t queue_limit = 1024;  // decided batches waiting for the writer before new ones drop
  // Peers to fetch missing blocks from; without peers, holes stay until the node has some.
  BackfillOptions backfill;
};

class QueryService final : public DecideListener {
 public:
  static Result<std::unique_ptr<QueryService>> open(QueryServiceOptions options);
  ~QueryService() override;
  QueryService(const QueryService&) = delete;
  QueryService& operator=(const QueryService&) = delete;

  // Queues the batch for the writer; never waits for storage (a full queue drops the batch,
  // counted in dropped_batches(); catch-up fetches those blocks later).
  void on_decide(const DecidedBatch& batch) override;

  // The routes share one store connection (separate from the writer's): serve the router from
  // one io thread. Streams open a connection each.
  Status register_routes(Router& router);
  StreamResolver stream_resolver();
  std::shared_ptr<streams::BlockFeed> feed() const { return feed_; }

  // Waits until every queued batch is written (tests, shutdown).
  void flush();
  std::uint64_t stored_blocks() const { return stored_blocks_.load(); }
  std::uint64_t failed_inserts() const { return failed_inserts_.load(); }
  std::uint64_t dropped_batches() const { return dropped_batches_.load(); }
  // Blocks fetched from peers to fill holes (0 without peers).
  std::uint64_t fetched_blocks() const { return backfill_ ? backfill_->blocks_fetched() : 0; }
  std::uint64_t backfill_rounds() const { return backfill_ ? backfill_->rounds() : 0; }

 private:
  QueryService(QueryServiceOptions options, std::unique_ptr<storage::QueryStore> writer_store,
               std::shared_ptr<storage::QueryStore> route_store,
               std::unique_ptr<storage::Pruner> pruner, std::uint64_t height);
  void write_loop(std::stop_token stop);
  void prune_loop(std::stop_token stop);
  void write_batch(std::span<const consensus::DecidedLeaf* const> batch);
  // Index upkeep in the writer's idle time, one bounded step at a time, so a decided batch waits
  // for at most one step.
  void compact_while_idle(std::stop_token stop);
  // After a stored batch: wake the back-fill when the batch may have left a hole below it.
  void check_for_hole(std::uint64_t first_height, std::uint64_t last_height, bool complete);

  QueryServiceOptions options_;
  std::unique_ptr<storage::QueryStore> writer_store_;
  std::shared_ptr<storage::QueryStore> route_store_;
  std::unique_ptr<storage::Pruner> pruner_;
  std::shared_ptr<streams::BlockFeed> feed_;

  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::deque<DecidedBatch> queue_;
  bool writing_ = false;

  std::atomic<std::uint64_t> stored_blocks_{0};
  std::atomic<std::uint64_t> failed_inserts_{0};
  std::atomic<std::uint64_t> dropped_batches_{0};
  std::atomic<std::uint64_t> decided_height_{0};  // one past the highest stored decided block
  std::optional<std::uint64_t> next_expected_;    // writer thread: the height that continues
  std::unique_ptr<BlockBackfill> backfill_;       // null without peers

  std::jthread writer_;
  std::jthread pruner_thread_;
};

}  // namespace espresso::node_query
