#pragma once
// Pruning of the query store for DA nodes (seed guide "Modes"; parameters of `storage-sql
// --prune`). A pass first removes blocks older than the target retention; if the stored data
// then still exceeds the pruning threshold, it removes more, oldest first, down to max_usage of
// the threshold but never anything younger than the minimum retention. Deletes go in batches of
// batch_size blocks, each its own transaction, so the node's writer is never blocked for long;
// the highest pruned height is recorded (QueryStore::pruned_height).
//
// The consensus records are never touched, and neither is the block at the replica's last
// decided height or anything above it, nor the newest stored block (block_height() must not go
// back). Usage counts the stored block data (leaf, header, payload, VID), not index overhead.
//
// The pruner owns its own connection; the runtime calls run_once every `interval` (storage has
// no threads or clocks of its own).

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/postgres.hpp"

namespace espresso::storage {

struct PrunerConfig {
  std::uint64_t pruning_threshold = 3'000'000'000'000;  // bytes
  std::chrono::seconds minimum_retention = std::chrono::hours(24);
  std::chrono::seconds target_retention = std::chrono::hours(24 * 7);
  std::uint64_t batch_size = 1000;  // blocks per delete
  std::uint16_t max_usage = 8000;   // basis points of the threshold to prune back to
  std::chrono::seconds interval = std::chrono::hours(1);
};

struct PruneReport {
  std::uint64_t blocks_deleted = 0;
  std::uint64_t bytes_before = 0;
  std::uint64_t bytes_after = 0;
  std::optional<std::uint64_t> pruned_height;  // after the pass
};

class Pruner {
 public:
  virtual ~Pruner() = default;
  // One pass at wall-clock time `now` (unix seconds, compared with header timestamps).
  virtual Result<PruneReport> run_once(std::uint64_t now) = 0;
  virtual const PrunerConfig& config() const = 0;
};

Result<std::unique_ptr<Pruner>> make_sqlite_pruner(const std::string& path, PrunerConfig config);
Result<std::unique_ptr<Pruner>> make_postgres_pruner(const PostgresConfig& postgres,
                                                     PrunerConfig config);

}  // namespace espresso::storage
