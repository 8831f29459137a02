#pragma once
// The PostgreSQL backend (libpq) of both stores, for production nodes (`storage-sql`). The
// connection comes from the seed guide's parameters: `--uri` and/or host, port, database, user,
// password and use-tls (the node's options parse the flags and ESPRESSO_SEQUENCER_POSTGRES_*
// variables into a PostgresConfig; fields set there override the URI's).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "storage/consensus_store.hpp"
#include "storage/query_store.hpp"
#include "storage/sql_connection.hpp"

namespace espresso::storage {

// Key of the transaction-scoped advisory lock that serialises start-up work (schema creation,
// migrations) of processes and connections sharing a database.
inline constexpr std::int64_t kPostgresStartupLock = 7015001;

struct PostgresConfig {
  std::string host = "localhost";
  std::uint16_t port = 5432;
  std::string database = "postgres";
  std::string user = "postgres";
  std::string password;  // empty: none (or from ~/.pgpass / PGPASSWORD, as libpq does)
  bool use_tls = false;  // true: sslmode=require; false: libpq's default (prefer)
  // When set, the stores' tables live in this schema (created if absent): several nodes or
  // tests can share one database.
  std::string schema;

  // Parses postgres[ql]://[user[:password]@][host[:port]][/database][?parameters] with libpq's
  // own parser; components the URI leaves out keep the defaults above. An sslmode parameter of
  // require, verify-ca or verify-full sets use_tls.
  static Result<PostgresConfig> from_uri(std::string_view uri);

  // database@host:port for messages and logs; never the password.
  std::string describe() const;
};

// One connection; Durability::kNormal sets synchronous_commit=off for it.
Result<std::unique_ptr<SqlConnection>> open_postgres_connection(
    const PostgresConfig& config, Durability durability = Durability::kFull);

// Open (migrating the schema if needed) a store on its own connection.
Result<std::unique_ptr<QueryStore>> make_postgres_query_store(const PostgresConfig& config);
Result<std::unique_ptr<ConsensusStore>> make_postgres_consensus_store(const PostgresConfig& config);

}  // namespace espresso::storage
