#include "storage/migrations.hpp"

#include <array>
#include <string>

namespace espresso::storage {
namespace {

constexpr std::array kSqliteMigrations{
    Migration{1, "consensus records", R"sql(
CREATE TABLE consensus_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_voted_view INTEGER NOT NULL,
  high_qc BLOB NOT NULL,
  last_decided BLOB NOT NULL
);
CREATE TABLE consensus_undecided (
  view INTEGER NOT NULL,
  leaf_commitment BLOB NOT NULL,
  height INTEGER NOT NULL,
  proposal BLOB NOT NULL,
  seq INTEGER NOT NULL,  -- insertion order, the order load() returns them in
  PRIMARY KEY (view, leaf_commitment)
);
CREATE INDEX consensus_undecided_height ON consensus_undecided (height);
)sql"},
    Migration{2, "query store: blocks and transaction index", R"sql(
CREATE TABLE blocks (
  height INTEGER PRIMARY KEY,
  leaf_hash BLOB NOT NULL,
  block_hash BLOB NOT NULL,
  payload_hash BLOB NOT NULL,
  leaf BLOB NOT NULL,
  header BLOB NOT NULL,
  payload BLOB NOT NULL,
  transaction_count INTEGER NOT NULL,
  payload_size INTEGER NOT NULL
);
CREATE UNIQUE INDEX blocks_block_hash ON blocks (block_hash);
CREATE INDEX blocks_payload_hash ON blocks (payload_hash);
CREATE TABLE transactions (
  commitment BLOB NOT NULL,
  height INTEGER NOT NULL REFERENCES blocks (height) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  namespace_id INTEGER NOT NULL,
  PRIMARY KEY (height, position)
);
CREATE INDEX transactions_commitment ON transactions (commitment, height, position);
)sql"},
};

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

std::span<const Migration> sqlite_migrations() {
  return kSqliteMigrations;
}

Result<std::int64_t> schema_version(SqliteDatabase& db) {
  ESEQ_TRY_STATUS(
      db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                 "name TEXT NOT NULL, applied_at INTEGER NOT NULL)"));
  auto query = db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!query) return fail(std::move(query).error());
  auto row = query->step();
  if (!row) return fail(std::move(row).error());
  return query->column_int(0);
}

Result<std::int64_t> run_migrations(SqliteDatabase& db, std::span<const Migration> migrations) {
  ESEQ_TRY_STATUS(check_sequence(migrations));
  std::int64_t version = 0;
  // One transaction for the check and all steps: two processes starting together cannot both
  // apply the same migration.
  auto applied = db.transaction([&]() -> Status {
    auto current = schema_version(db);
    if (!current) return fail(std::move(current).error());
    version = *current;
    const auto known = static_cast<std::int64_t>(migrations.size());
    if (version > known) {
      return fail("migrations: database " + db.path() + " has schema version " +
                  std::to_string(version) + " but this binary knows only up to " +
                  std::to_string(known) + "; run a newer release");
    }
    auto record = db.prepare(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, unixepoch())");
    if (!record) return fail(std::move(record).error());
    for (const Migration& migration : migrations.subspan(static_cast<std::size_t>(version))) {
      auto step = db.execute(migration.sql);
      if (!step) {
        return fail(std::move(step).error().context("migration " +
                                                    std::to_string(migration.version) + " (" +
                                                    std::string(migration.name) + ")"));
      }
      ESEQ_TRY_STATUS(record->bind_int(1, migration.version));
      ESEQ_TRY_STATUS(record->bind_text(2, migration.name));
      ESEQ_TRY_STATUS(record->run());
      version = migration.version;
    }
    return {};
  });
  if (!applied) return fail(std::move(applied).error());
  return version;
}

}  // namespace espresso::storage
