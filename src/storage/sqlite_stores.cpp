// The SQLite factories of both stores: consensus records with synchronous=FULL (on disk before a
// vote leaves), query data with synchronous=NORMAL (catch-up refetches what a power loss drops).

#include "storage/sql_stores.hpp"
#include "storage/sqlite_connection.hpp"

namespace espresso::storage {

Result<std::unique_ptr<QueryStore>> make_sqlite_query_store(const std::string& path) {
  auto db = open_sqlite_connection(path, Durability::kNormal);
  if (!db) return fail(std::move(db).error());
  std::optional<BlobFiles> blobs;
  if (auto dir = blob_dir_for(path)) blobs.emplace(std::move(*dir));
  return make_sql_query_store(std::move(*db), std::move(blobs));
}

Result<std::unique_ptr<ConsensusStore>> make_sqlite_consensus_store(const std::string& path) {
  auto db = open_sqlite_connection(path, Durability::kFull);
  if (!db) return fail(std::move(db).error());
  return make_sql_consensus_store(std::move(*db), blob_dir_for(path));
}

}  // namespace espresso::storage
