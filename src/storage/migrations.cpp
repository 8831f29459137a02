#include "storage/migrations.hpp"

#include <ctime>
#include <string>

#include "storage/postgres.hpp"

namespace espresso::storage {
namespace {

Status check_sequence(std::span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<std::int64_t>(i + 1)) {
      return fail("migrations: expected version " + std::to_string(i + 1) + " at position " +
                  std::to_string(i) + ", found " + std::to_string(migrations[i].version));
    }
  }
  return {};
}

}  // namespace

std::span<const Migration> migrations_for(SqlDialect dialect) {
  return dialect == SqlDialect::kSqlite ? sqlite_migrations() : postgres_migrations();
}

Result<std::int64_t> schema_version(SqlConnection& db) {
  ESEQ_TRY_STATUS(
      db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
                 "name TEXT NOT NULL, applied_at BIGINT NOT NULL)"));
  auto rows = db.query("SELECT coalesce(max(version), 0) FROM schema_migrations", {});
  if (!rows) return fail(std::move(rows).error());
  return rows->empty() ? 0 : rows->front().integer(0);
}

Result<std::int64_t> run_migrations(SqlConnection& db, std::span<const Migration> migrations) {
  ESEQ_TRY_STATUS(check_sequence(migrations));
  std::int64_t version = 0;
  // One transaction for the check and all steps: two processes starting together cannot both
  // apply the same migration.
  auto applied = db.transaction([&]() -> Status {
    if (db.dialect() == SqlDialect::kPostgres) {
      const SqlParam lock[] = {kPostgresStartupLock};
      ESEQ_TRY_STATUS(db.run("SELECT pg_advisory_xact_lock(?)", lock));
    }
    auto current = schema_version(db);
    if (!current) return fail(std::move(current).error());
    version = *current;
    const auto known = static_cast<std::int64_t>(migrations.size());
    if (version > known) {
      return fail("migrations: database " + db.name() + " has schema version " +
                  std::to_string(version) + " but this binary knows only up to " +
                  std::to_string(known) + "; run a newer release");
    }
    for (const Migration& migration : migrations.subspan(static_cast<std::size_t>(version))) {
      auto step = db.execute(migration.sql);
      if (!step) {
        return fail(std::move(step).error().context("migration " +
                                                    std::to_string(migration.version) + " (" +
                                                    std::string(migration.name) + ")"));
      }
      const SqlParam record[] = {migration.version, migration.name,
                                 static_cast<std::int64_t>(std::time(nullptr))};
      ESEQ_TRY_STATUS(db.run(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", record));
      version = migration.version;
    }
    return {};
  });
  if (!applied) return fail(std::move(applied).error());
  return version;
}

}  // namespace espresso::storage
