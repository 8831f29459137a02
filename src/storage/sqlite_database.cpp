#include "storage/sqlite_database.hpp"

#include <utility>

#include <sqlite3.h>

namespace espresso::storage {
namespace {

Error sqlite_error(sqlite3* db, std::string_view what, std::string_view sql) {
  std::string message = "sqlite: " + std::string(what);
  if (!sql.empty()) message += " `" + std::string(sql) + "`";
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  return Error{std::move(message)};
}

}  // namespace

Result<SqliteDatabase> SqliteDatabase::open(const std::string& path, Durability durability,
                                            std::uint32_t page_size) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Error error = sqlite_error(db, "cannot open database", path);
    sqlite3_close(db);
    return fail(std::move(error));
  }
  SqliteDatabase database(db, path);
  // Another connection (the other durability class, a reader) may hold the write lock briefly.
  sqlite3_busy_timeout(db, 5000);
  // The page size of a new database. 64 KiB pages once made the consensus store's megabyte DA
  // payloads cheaper (41 -> 108 MB/s in bench/storage/consensus_store_bench), but every random
  // insert into the query store's transaction index then rewrote 64 KiB (1 MB blocks of 1000
  // transactions: 11.8 blocks/s after 1000 blocks, against a steady 18.7 with 4 KiB pages), and
  // each small consensus record a 64 KiB WAL frame; large records now go to files. A page cache
  // of 8 MiB holds a block's pages and the index pages it touches; SQLite's default of 2 MiB
  // spilled and re-read them within one transaction (108 -> 134-142 MB/s).
  if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0) {
    return fail("sqlite: page size " + std::to_string(page_size) +
                " is not a power of two from 512 to 65536");
  }
  ESEQ_TRY_STATUS(database.execute("PRAGMA page_size=" + std::to_string(page_size)));
  ESEQ_TRY_STATUS(database.execute("PRAGMA cache_size=-8192"));
  // Checkpoints stay at SQLite's 1000 pages: 32 MiB ones cut a loaded node's disk writes (46 -> 37
  // MB/s at 4000 1 KiB tx/s) but raised the submit-to-decide p99 (about 460 -> 650 ms, A/B runs).
  ESEQ_TRY_STATUS(database.execute("PRAGMA journal_mode=WAL"));
  ESEQ_TRY_STATUS(database.execute(durability == Durability::kFull ? "PRAGMA synchronous=FULL"
                                                                   : "PRAGMA synchronous=NORMAL"));
  ESEQ_TRY_STATUS(database.execute("PRAGMA foreign_keys=ON"));
  return database;
}

SqliteDatabase::SqliteDatabase(SqliteDatabase&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      cache_(std::move(other.cache_)) {}

SqliteDatabase& SqliteDatabase::operator=(SqliteDatabase&& other) noexcept {
  if (this != &other) {
    cache_.clear();  // statements are finalized before their connection closes
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    cache_ = std::move(other.cache_);
  }
  return *this;
}

SqliteDatabase::~SqliteDatabase() {
  cache_.clear();  // statements are finalized before their connection closes
  sqlite3_close(db_);
}

Result<CachedStatement> SqliteDatabase::cached(const std::string& sql) {
  auto found = cache_.find(sql);
  if (found == cache_.end()) {
    auto statement = prepare(sql);
    if (!statement) return fail(std::move(statement).error());
    found = cache_.emplace(sql, std::make_unique<SqliteStatement>(std::move(*statement))).first;
  }
  return CachedStatement(found->second.get());
}

Status SqliteDatabase::execute(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string detail = message != nullptr ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return fail("sqlite: cannot execute `" + text + "`: " + detail);
  }
  return {};
}

Result<SqliteStatement> SqliteDatabase::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    return fail(sqlite_error(db_, "cannot prepare", sql));
  }
  return SqliteStatement(stmt, db_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), db_(other.db_) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    db_ = other.db_;
  }
  return *this;
}

SqliteStatement::~SqliteStatement() {
  sqlite3_finalize(stmt_);
}

Error SqliteStatement::error(std::string_view what) const {
  const char* sql = stmt_ != nullptr ? sqlite3_sql(stmt_) : nullptr;
  return sqlite_error(db_, what, sql != nullptr ? sql : "");
}

Status SqliteStatement::bind_int(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) return fail(error("cannot bind"));
  return {};
}

Status SqliteStatement::bind_blob(int index, ByteView value) {
  // A zero-length blob must still bind as a blob, not NULL, so pass a valid pointer.
  static constexpr unsigned char kEmpty = 0;
  const void* data = value.empty() ? &kEmpty : value.data();
  if (sqlite3_bind_blob64(stmt_, index, data, value.size(), SQLITE_STATIC) != SQLITE_OK) {
    return fail(error("cannot bind"));
  }
  return {};
}

Status SqliteStatement::bind_text(int index, std::string_view value) {
  if (sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8) !=
      SQLITE_OK) {
    return fail(error("cannot bind"));
  }
  return {};
}

Status SqliteStatement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) return fail(error("cannot bind"));
  return {};
}

Result<bool> SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return fail(error("cannot step"));
}

Status SqliteStatement::run() {
  auto row = step();
  if (!row) return fail(std::move(row).error());
  return reset();
}

Status SqliteStatement::reset() {
  if (sqlite3_reset(stmt_) != SQLITE_OK) return fail(error("cannot reset"));
  sqlite3_clear_bindings(stmt_);
  return {};
}

std::int64_t SqliteStatement::column_int(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

Bytes SqliteStatement::column_blob(int index) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, index));
  const int size = sqlite3_column_bytes(stmt_, index);
  if (data == nullptr || size <= 0) return {};
  return Bytes(data, data + size);
}

std::string SqliteStatement::column_text(int index) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
  const int size = sqlite3_column_bytes(stmt_, index);
  if (data == nullptr || size <= 0) return {};
  return std::string(data, static_cast<std::size_t>(size));
}

bool SqliteStatement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

}  // namespace espresso::storage
