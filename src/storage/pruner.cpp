#include "storage/pruner.hpp"

#include <algorithm>
#include <utility>

#include "storage/blob_files.hpp"
#include "storage/consensus_codec.hpp"
#include "storage/migrations.hpp"
#include "storage/sqlite_connection.hpp"
#include "storage/transaction_hash_runs.hpp"

namespace espresso::storage {
namespace {

constexpr std::string_view kRowBytes =
    "length(leaf) + length(header) + length(payload) + length(vid_common) + "
    "coalesce(length(vid_share), 0) + blob_bytes";

std::uint64_t seconds_before(std::uint64_t now, std::chrono::seconds age) {
  const auto back = static_cast<std::uint64_t>(std::max<std::int64_t>(0, age.count()));
  return now > back ? now - back : 0;
}

class SqlPruner final : public Pruner {
 public:
  SqlPruner(std::unique_ptr<SqlConnection> db, PrunerConfig config, std::optional<BlobFiles> blobs)
      : db_(std::move(db)), config_(config), blobs_(std::move(blobs)) {}

  Status open() {
    if (config_.batch_size == 0) return fail("pruner: batch size must be at least 1");
    if (config_.max_usage == 0 || config_.max_usage > 10000) {
      return fail("pruner: max usage " + std::to_string(config_.max_usage) +
                  " is not in 1..10000 (basis points of the pruning threshold)");
    }
    auto version = run_migrations(*db_, migrations_for(db_->dialect()));
    if (!version) return fail(std::move(version).error());
    return {};
  }

  const PrunerConfig& config() const override { return config_; }

  Result<PruneReport> run_once(std::uint64_t now) override {
    auto report = prune(now);
    if (!report) return fail(std::move(report).error().context("pruner " + db_->name()));
    return report;
  }

 private:
  Result<PruneReport> prune(std::uint64_t now) {
    PruneReport report;
    auto usage = stored_bytes();
    if (!usage) return fail(std::move(usage).error());
    report.bytes_before = *usage;
    report.bytes_after = *usage;
    auto floor = protected_height();
    if (!floor) return fail(std::move(floor).error());
    if (*floor) {
      // Everything older than the target retention goes.
      auto target = last_height_before(seconds_before(now, config_.target_retention), **floor);
      if (!target) return fail(std::move(target).error());
      if (*target) ESEQ_TRY_STATUS(delete_through(**target, nullptr, report));
      // Over the threshold: keep going down to the goal, but never into the minimum retention.
      if (report.bytes_after > config_.pruning_threshold) {
        const std::uint64_t goal = config_.pruning_threshold / 10000 * config_.max_usage +
                                   config_.pruning_threshold % 10000 * config_.max_usage / 10000;
        auto minimum = last_height_before(seconds_before(now, config_.minimum_retention), **floor);
        if (!minimum) return fail(std::move(minimum).error());
        if (*minimum) ESEQ_TRY_STATUS(delete_through(**minimum, &goal, report));
      }
    }
    auto pruned = read_pruned_height();
    if (!pruned) return fail(std::move(pruned).error());
    report.pruned_height = *pruned;
    // Also the files of deletions whose file removal failed or was cut short by a crash.
    if (blobs_ && *pruned) ESEQ_TRY_STATUS(blobs_->remove_through(**pruned));
    return report;
  }

  // Deletes stored blocks at or below `last`, batch by batch; with `goal`, stops once usage is
  // at or below it.
  Status delete_through(std::uint64_t last, const std::uint64_t* goal, PruneReport& report) {
    for (;;) {
      if (goal != nullptr && report.bytes_after <= *goal) return {};
      const SqlParam bounds[] = {sql_int(last), sql_int(config_.batch_size)};
      auto batch = db_->query(
          "SELECT max(height), count(*) FROM (SELECT height FROM blocks WHERE height <= ? "
          "ORDER BY height LIMIT ?) AS batch",
          bounds);
      if (!batch) return fail(std::move(batch).error());
      if (batch->empty() || batch->front().is_null(0)) return {};
      const std::uint64_t through = batch->front().unsigned_integer(0);
      const std::uint64_t count = batch->front().unsigned_integer(1);
      std::uint64_t freed = 0;
      auto deleted = db_->transaction([&]() -> Status {
        const SqlParam upto[] = {sql_int(through)};
        auto bytes = db_->query("SELECT CAST(coalesce(sum(" + std::string(kRowBytes) +
                                    "), 0) AS BIGINT) FROM blocks WHERE height <= ?",
                                upto);
        if (!bytes) return fail(std::move(bytes).error());
        freed = bytes->empty() ? 0 : bytes->front().unsigned_integer(0);
        ESEQ_TRY_STATUS(db_->run("DELETE FROM transactions WHERE height <= ?", upto));
        ESEQ_TRY_STATUS(TransactionHashRuns().prune(*db_, through));
        ESEQ_TRY_STATUS(db_->run("DELETE FROM blocks WHERE height <= ?", upto));
        return db_->run(
            "INSERT INTO pruned_height (id, height) VALUES (1, ?) ON CONFLICT (id) DO UPDATE "
            "SET height = excluded.height WHERE pruned_height.height < excluded.height",
            upto);
      });
      if (!deleted) {
        return fail(std::move(deleted).error().context("deleting blocks through height " +
                                                       std::to_string(through)));
      }
      report.blocks_deleted += count;
      if (blobs_) ESEQ_TRY_STATUS(blobs_->remove_through(through));
      report.bytes_after -= std::min(freed, report.bytes_after);
      if (through >= last) return {};
    }
  }

  // The lowest height the pruner must keep: the newest stored block and the replica's last
  // decided block (when its consensus records share this database). nullopt: nothing stored.
  Result<std::optional<std::uint64_t>> protected_height() {
    auto newest = db_->query("SELECT max(height) FROM blocks", {});
    if (!newest) return fail(std::move(newest).error());
    if (newest->empty() || newest->front().is_null(0)) return std::optional<std::uint64_t>{};
    std::uint64_t floor = newest->front().unsigned_integer(0);
    auto state = db_->query("SELECT last_decided FROM consensus_state WHERE id = 1", {});
    if (!state) return fail(std::move(state).error());
    if (!state->empty()) {
      auto decided = decode_decided(state->front().blob(0));
      if (!decided) return fail(std::move(decided).error());
      floor = std::min(floor, decided->leaf.height);
    }
    return std::optional(floor);
  }

  // The highest stored height below `floor` whose header is older than `cutoff`.
  Result<std::optional<std::uint64_t>> last_height_before(std::uint64_t cutoff,
                                                          std::uint64_t floor) {
    const SqlParam bounds[] = {sql_int(cutoff), sql_int(floor)};
    auto rows =
        db_->query("SELECT max(height) FROM blocks WHERE timestamp < ? AND height < ?", bounds);
    if (!rows) return fail(std::move(rows).error());
    if (rows->empty() || rows->front().is_null(0)) return std::optional<std::uint64_t>{};
    return std::optional(rows->front().unsigned_integer(0));
  }

  Result<std::uint64_t> stored_bytes() {
    auto rows = db_->query(
        "SELECT CAST(coalesce(sum(" + std::string(kRowBytes) + "), 0) AS BIGINT) FROM blocks", {});
    if (!rows) return fail(std::move(rows).error());
    return rows->empty() ? 0 : rows->front().unsigned_integer(0);
  }

  Result<std::optional<std::uint64_t>> read_pruned_height() {
    auto rows = db_->query("SELECT height FROM pruned_height WHERE id = 1", {});
    if (!rows) return fail(std::move(rows).error());
    if (rows->empty()) return std::optional<std::uint64_t>{};
    return std::optional(rows->front().unsigned_integer(0));
  }

  std::unique_ptr<SqlConnection> db_;
  PrunerConfig config_;
  std::optional<BlobFiles> blobs_;
};

Result<std::unique_ptr<Pruner>> make_pruner(Result<std::unique_ptr<SqlConnection>> db,
                                            PrunerConfig config,
                                            std::optional<BlobFiles> blobs = {}) {
  if (!db) return fail(std::move(db).error());
  auto pruner = std::make_unique<SqlPruner>(std::move(*db), config, std::move(blobs));
  ESEQ_TRY_STATUS(pruner->open());
  return std::unique_ptr<Pruner>(std::move(pruner));
}

}  // namespace

Result<std::unique_ptr<Pruner>> make_sqlite_pruner(const std::string& path, PrunerConfig config) {
  std::optional<BlobFiles> blobs;
  if (auto dir = blob_dir_for(path)) blobs.emplace(std::move(*dir));
  return make_pruner(open_sqlite_connection(path, Durability::kNormal), config, std::move(blobs));
}

Result<std::unique_ptr<Pruner>> make_postgres_pruner(const PostgresConfig& postgres,
                                                     PrunerConfig config) {
  return make_pruner(open_postgres_connection(postgres, Durability::kNormal), config);
}

}  // namespace espresso::storage
