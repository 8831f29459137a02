#include "node/query/query_service.hpp"

#include <chrono>
#include <iterator>

#include <spdlog/spdlog.h>

#include "api/query/availability_module.hpp"
#include "api/query/block_record.hpp"
#include "api/query/explorer_module.hpp"
#include "api/query/node_module.hpp"
#include "api/streams/availability_streams.hpp"
#include "common/thread_priority.hpp"
#include "node/chain/mempool_transaction.hpp"
#include "types/bincode.hpp"
#include "vid/codec.hpp"
#include "vid/dispersal.hpp"

namespace espresso::node_query {
namespace {

storage::PrunerConfig pruner_config_from(const PruningOptions& options) {
  using std::chrono::duration_cast;
  using std::chrono::seconds;
  storage::PrunerConfig config;
  config.pruning_threshold = options.pruning_threshold;
  config.minimum_retention = duration_cast<seconds>(options.minimum_retention);
  config.target_retention = duration_cast<seconds>(options.target_retention);
  config.batch_size = options.batch_size;
  config.max_usage = options.max_usage;
  config.interval = std::max(seconds(1), duration_cast<seconds>(options.interval));
  return config;
}

Result<storage::PostgresConfig> postgres_config_from(const SqlStorage& sql) {
  storage::PostgresConfig config;
  if (sql.uri) {
    auto parsed = storage::PostgresConfig::from_uri(*sql.uri);
    if (!parsed) return fail(parsed.error().context("--uri"));
    config = *parsed;
  }
  if (sql.host) config.host = *sql.host;
  if (sql.port) config.port = *sql.port;
  if (sql.database) config.database = *sql.database;
  if (sql.user) config.user = *sql.user;
  if (sql.password) config.password = *sql.password;
  config.use_tls = config.use_tls || sql.use_tls;
  return config;
}

// The node API's view of the node: the callbacks it was given, the store for the rest.
class CallbackStatusSource final : public query::NodeStatusSource {
 public:
  CallbackStatusSource(NodeCallbacks callbacks, std::shared_ptr<storage::QueryStore> store)
      : callbacks_(std::move(callbacks)), store_(std::move(store)) {}

  query::SyncStatus sync_status() override {
    if (callbacks_.sync_status) {
      if (auto status = callbacks_.sync_status()) return *status;
    }
    query::SyncStatus status;
    auto counts = store_->sync_counts();
    if (!counts) return status;
    std::uint64_t first = counts->pruned_height ? *counts->pruned_height + 1 : 0;
    std::uint64_t expected = counts->block_height > first ? counts->block_height - first : 0;
    std::uint64_t missing = expected > counts->stored_blocks ? expected - counts->stored_blocks : 0;
    status.missing_blocks = missing;
    status.missing_leaves = missing;
    status.missing_vid_common = missing;
    status.missing_vid_shares = missing + counts->blocks_without_vid_share;
    status.pruned_height = counts->pruned_height;
    return status;
  }

  std::vector<query::StakeTableMember> current_stake_table() override {
    return callbacks_.stake_table ? callbacks_.stake_table()
                                  : std::vector<query::StakeTableMember>{};
  }

 private:
  NodeCallbacks callbacks_;
  std::shared_ptr<storage::QueryStore> store_;
};

// The VID common data consensus handed over (from this node's verified share), else the payload
// dispersed again with the stake weights.
Result<vid::Common> vid_common_of(const consensus::DecidedLeaf& decided,
                                  std::span<const std::uint64_t> weights) {
  if (decided.vid_common) {
    auto common = vid::decode_common(*decided.vid_common);
    if (common) return common;
  }
  auto dispersal = vid::disperse_to(*decided.payload, weights, {});
  if (!dispersal) return fail(dispersal.error().context("VID common data of the payload"));
  return std::move(dispersal->common);
}

// The "TX" commitments this node's mempool computed for the decided proposal's transactions, with
// the transactions they name (views into `decided`). Only when the mempool named transactions the
// query index's way; make_block_record still takes one only for equal payload bytes.
std::vector<std::optional<query::NamedTransaction>> named_transactions(
    const consensus::DecidedLeaf& decided) {
  std::vector<std::optional<query::NamedTransaction>> named;
  if (decided.pooled_by != &mempool_transaction_commitment) return named;
  named.reserve(decided.pooled.size());
  for (const auto& pooled : decided.pooled) {
    // Empty bytes (not pooled here) fail to decode: that position gets hashed.
    auto transaction = decode_mempool_transaction_view(pooled.bytes);
    named.push_back(transaction
                        ? std::optional(query::NamedTransaction{pooled.commitment, *transaction})
                        : std::nullopt);
  }
  return named;
}

Result<storage::BlockRecord> record_of(const consensus::DecidedLeaf& decided,
                                       std::span<const std::uint64_t> weights) {
  if (!decided.payload) return fail("decided leaf without its payload");
  auto header = bincode::decode_header(decided.leaf.header);
  if (!header) return fail(header.error().context("decided leaf header"));
  auto common = vid_common_of(decided, weights);
  if (!common) return fail(std::move(common).error());
  query::BlockParts parts;
  parts.leaf = decided.leaf;
  parts.qc = decided.qc;
  parts.header = std::move(*header);
  parts.payload = *decided.payload;
  parts.vid_common = std::move(*common);
  if (decided.vid_share) {
    auto share = vid::decode_share(*decided.vid_share);
    if (share) parts.vid_share = std::move(*share);
  }
  parts.named = named_transactions(decided);
  return query::make_block_record(std::move(parts));
}

}  // namespace

Result<std::unique_ptr<storage::QueryStore>> open_query_store(const QueryStorage& target) {
  if (target.postgres) return storage::make_postgres_query_store(*target.postgres);
  if (!target.sqlite_path) return fail("query storage: no SQLite path and no PostgreSQL database");
  return storage::make_sqlite_query_store(*target.sqlite_path);
}

Result<QueryStorage> query_storage_from(const StorageModule& module,
                                        const std::filesystem::path& storage_dir) {
  QueryStorage storage;
  if (const auto* sql = std::get_if<SqlStorage>(&module)) {
    auto config = postgres_config_from(*sql);
    if (!config) return fail(config.error());
    storage.postgres = std::move(*config);
    if (sql->prune) storage.pruning = pruner_config_from(sql->pruning);
    return storage;
  }
  std::filesystem::path dir = storage_dir;
  if (const auto* fs = std::get_if<FsStorage>(&module)) dir = fs->path;
  storage.sqlite_path = (dir / "query.sqlite").string();
  return storage;
}

Result<std::unique_ptr<QueryService>> QueryService::open(QueryServiceOptions options) {
  if (!options.storage.sqlite_path && !options.storage.postgres) {
    return fail("query storage: neither a SQLite path nor a PostgreSQL database given");
  }
  if (options.queue_limit == 0) return fail("query service: queue_limit must be at least 1");
  auto opener = [&options] { return open_query_store(options.storage); };
  auto writer = opener();
  if (!writer) return fail(writer.error().context("opening the query store"));
  auto routes = opener();
  if (!routes) return fail(routes.error().context("opening the query store"));
  auto height = (*writer)->block_height();
  if (!height) return fail(height.error().context("query store height"));
  std::unique_ptr<storage::Pruner> pruner;
  if (options.storage.pruning) {
    auto made =
        options.storage.postgres
            ? storage::make_postgres_pruner(*options.storage.postgres, *options.storage.pruning)
            : storage::make_sqlite_pruner(*options.storage.sqlite_path, *options.storage.pruning);
    if (!made) return fail(made.error().context("opening the pruner"));
    pruner = std::move(*made);
  }
  return std::unique_ptr<QueryService>(new QueryService(
      std::move(options), std::move(*writer), std::move(*routes), std::move(pruner), *height));
}

QueryService::QueryService(QueryServiceOptions options,
                           std::unique_ptr<storage::QueryStore> writer_store,
                           std::shared_ptr<storage::QueryStore> route_store,
                           std::unique_ptr<storage::Pruner> pruner, std::uint64_t height)
    : options_(std::move(options)),
      writer_store_(std::move(writer_store)),
      route_store_(std::move(route_store)),
      pruner_(std::move(pruner)),
      feed_(std::make_shared<streams::BlockFeed>(height)),
      decided_height_(height) {
  if (!options_.backfill.fetch.peers.empty()) {
    backfill_ = std::make_unique<BlockBackfill>(
        [target = options_.storage] { return open_query_store(target); }, options_.backfill);
  }
  writer_ = std::jthread([this](std::stop_token stop) { write_loop(stop); });
  if (pruner_) pruner_thread_ = std::jthread([this](std::stop_token stop) { prune_loop(stop); });
}

QueryService::~QueryService() {
  pruner_thread_.request_stop();
  writer_.request_stop();
  changed_.notify_all();
  if (pruner_thread_.joinable()) pruner_thread_.join();
  if (writer_.joinable()) writer_.join();
}

void QueryService::on_decide(const DecidedBatch& batch) {
  const auto& leaves = *batch;
  if (leaves.empty()) return;
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= options_.queue_limit) {
      dropped_batches_.fetch_add(1);
      spdlog::warn("query service: writer behind, dropped decided blocks {}..{}",
                   leaves.front().leaf.height, leaves.back().leaf.height);
      return;
    }
    queue_.push_back(batch);
  }
  changed_.notify_all();
}

void QueryService::flush() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return queue_.empty() && !writing_; });
}

void QueryService::write_loop(std::stop_token stop) {
  lower_this_thread_priority(kBackgroundNiceSteps);
  while (true) {
    std::vector<const consensus::DecidedLeaf*> batch;
    std::vector<DecidedBatch> held;  // keeps `batch` alive
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, stop, [this] { return !queue_.empty(); });
      if (queue_.empty()) return;  // stop requested
      // Everything queued goes in one SQLite transaction: a writer that fell behind catches up
      // with one commit (and one write of each index page it touches) for many blocks.
      held.assign(queue_.begin(), queue_.end());
      queue_.clear();
      writing_ = true;
    }
    for (const auto& decided : held) {
      for (const auto& leaf : *decided) batch.push_back(&leaf);
    }
    write_batch(batch);
    held.clear();
    {
      std::lock_guard lock(mutex_);
      writing_ = false;
    }
    changed_.notify_all();
    compact_while_idle(stop);
  }
}

void QueryService::write_batch(std::span<const consensus::DecidedLeaf* const> batch) {
  std::vector<storage::BlockRecord> records;
  records.reserve(batch.size());
  std::vector<std::uint64_t> without_payload;  // decided before this node saw their payload
  for (const consensus::DecidedLeaf* leaf : batch) {
    const consensus::DecidedLeaf& decided = *leaf;
    if (!decided.payload) {
      failed_inserts_.fetch_add(1);
      without_payload.push_back(decided.leaf.height);
      continue;
    }
    auto record = record_of(decided, options_.vid_weights);
    if (!record) {
      failed_inserts_.fetch_add(1);
      spdlog::error("query service: block {} not stored: {}", decided.leaf.height,
                    record.error().message);
      continue;
    }
    records.push_back(std::move(*record));
  }
  if (!without_payload.empty()) {
    spdlog::warn("query service: {} blocks decided without their payload here (heights {}..{}); {}",
                 without_payload.size(), without_payload.front(), without_payload.back(),
                 backfill_ ? "fetching them from peers" : "no peers to fetch them from");
  }
  if (records.empty()) {
    if (backfill_) backfill_->wake();
    return;
  }
  auto inserted = writer_store_->insert_blocks(records);
  if (!inserted) {
    failed_inserts_.fetch_add(records.size());
    spdlog::error("query service: blocks {}..{} not stored: {}", records.front().height,
                  records.back().height, inserted.error().message);
    return;
  }
  stored_blocks_.fetch_add(records.size());
  for (const auto& record : records) {
    feed_->publish(record.height);
    decided_height_.store(std::max(decided_height_.load(), record.height + 1));
  }
  check_for_hole(records.front().height, records.back().height, records.size() == batch.size());
}

void QueryService::compact_while_idle(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      std::lock_guard lock(mutex_);
      if (!queue_.empty()) return;
    }
    auto stepped = writer_store_->compact();
    if (!stepped) {
      // The blocks are stored either way; the step is redone after the next batch.
      spdlog::warn("query service: {}", stepped.error().message);
      return;
    }
    if (!*stepped) return;
  }
}

void QueryService::check_for_hole(std::uint64_t first_height, std::uint64_t last_height,
                                  bool complete) {
  // The first batch after start-up: a restart or a late start leaves blocks below it missing.
  const bool hole = !next_expected_ || first_height != *next_expected_ || !complete;
  next_expected_ = last_height + 1;
  if (hole && backfill_) backfill_->wake();
}

void QueryService::prune_loop(std::stop_token stop) {
  lower_this_thread_priority(kBackgroundNiceSteps);
  const auto interval = pruner_->config().interval;
  std::mutex sleep_mutex;
  std::condition_variable_any sleeper;
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(sleep_mutex);
      sleeper.wait_for(lock, stop, interval, [] { return false; });
    }
    if (stop.stop_requested()) return;
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    auto report = pruner_->run_once(static_cast<std::uint64_t>(now));
    if (!report) {
      spdlog::warn("query service: pruning failed: {}", report.error().message);
    } else if (report->blocks_deleted > 0) {
      spdlog::info("query service: pruned {} blocks (pruned height {})", report->blocks_deleted,
                   report->pruned_height.value_or(0));
    }
  }
}

Status QueryService::register_routes(Router& router) {
  ESEQ_TRY_STATUS(query::register_availability_routes(router, route_store_));
  auto status = std::make_shared<CallbackStatusSource>(options_.node, route_store_);
  ESEQ_TRY_STATUS(query::register_node_routes(router, route_store_, status));
  ESEQ_TRY_STATUS(query::register_explorer_routes(router, route_store_));
  return {};
}

StreamResolver QueryService::stream_resolver() {
  streams::AvailabilityStreamsConfig config;
  config.open_store = [target = options_.storage] { return open_query_store(target); };
  config.feed = feed_;
  return streams::availability_stream_resolver(std::move(config));
}

}  // namespace espresso::node_query
