#pragma once
// Numbered schema migrations, applied at start-up. Each runs once, inside the same transaction
// that records it in `schema_migrations`, so a crash mid-migration leaves the old schema intact
// and the next start retries it. A database stamped by a newer binary is refused. Both backends
// number their steps alike (version N adds the same tables in either dialect).

#include <cstdint>
#include <span>
#include <string_view>

#include "common/result.hpp"
#include "storage/sql_connection.hpp"

namespace espresso::storage {

struct Migration {
  std::int64_t version;  // 1, 2, 3, ... without gaps
  std::string_view name;
  std::string_view sql;
};

// The migrations this binary knows, in order, per dialect.
std::span<const Migration> sqlite_migrations();
std::span<const Migration> postgres_migrations();
std::span<const Migration> migrations_for(SqlDialect dialect);

// Applies every migration newer than the database's version; returns the resulting version.
Result<std::int64_t> run_migrations(SqlConnection& db, std::span<const Migration> migrations);

// The highest version recorded in the database (0 for a fresh one).
Result<std::int64_t> schema_version(SqlConnection& db);

}  // namespace espresso::storage
