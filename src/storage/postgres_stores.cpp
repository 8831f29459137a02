// The PostgreSQL factories of both stores: consensus records with synchronous_commit=on (durable
// before a vote leaves), query data with synchronous_commit=off (catch-up refetches what a crash
// drops; the database stays consistent either way).

#include "storage/postgres.hpp"
#include "storage/sql_stores.hpp"

namespace espresso::storage {

Result<std::unique_ptr<QueryStore>> make_postgres_query_store(const PostgresConfig& config) {
  auto db = open_postgres_connection(config, Durability::kNormal);
  if (!db) return fail(std::move(db).error());
  return make_sql_query_store(std::move(*db));
}

Result<std::unique_ptr<ConsensusStore>> make_postgres_consensus_store(
    const PostgresConfig& config) {
  auto db = open_postgres_connection(config, Durability::kFull);
  if (!db) return fail(std::move(db).error());
  return make_sql_consensus_store(std::move(*db));
}

}  // namespace espresso::storage
