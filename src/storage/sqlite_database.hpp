#pragma once
// A small RAII layer over the SQLite C API: one connection, prepared statements, and errors as
// Result values that name the SQL and quote sqlite3_errmsg. Not thread-safe: one connection per
// thread (WAL lets readers and one writer share the file).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "storage/sql_connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace espresso::storage {

class SqliteStatement;
class CachedStatement;

// SQLite's default, for both stores: small pages keep each small write small (a consensus record,
// an insert into the transaction index's open run), and records of 64 KiB and more live in files
// beside the database (storage/blob_files.hpp, the consensus store's record files), not in pages.
inline constexpr std::uint32_t kDefaultPageSize = 4096;

class SqliteDatabase {
 public:
  // Opens (creating if absent) the database file; ":memory:" gives a private in-memory database.
  // `page_size` applies when the file is created (a power of two, 512 to 65536); an existing
  // database keeps its own.
  static Result<SqliteDatabase> open(const std::string& path, Durability durability,
                                     std::uint32_t page_size = kDefaultPageSize);

  SqliteDatabase(SqliteDatabase&& other) noexcept;
  SqliteDatabase& operator=(SqliteDatabase&& other) noexcept;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;
  ~SqliteDatabase();

  // Runs one or more statements without results (DDL, PRAGMA, BEGIN/COMMIT).
  Status execute(std::string_view sql);
  Result<SqliteStatement> prepare(std::string_view sql);
  // A statement prepared once per connection and reused; reset when the returned lease ends, so
  // no finished-but-open read keeps an old snapshot.
  Result<CachedStatement> cached(const std::string& sql);

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back if it fails.
  template <typename Body>
  Status transaction(Body&& body) {
    ESEQ_TRY_STATUS(execute("BEGIN IMMEDIATE"));
    Status result = body();
    if (!result) {
      (void)execute("ROLLBACK");
      return result;
    }
    Status committed = execute("COMMIT");
    if (!committed) (void)execute("ROLLBACK");  // e.g. SQLITE_BUSY: do not leave it open
    return committed;
  }

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> cache_;
};

// A prepared statement. Bind parameters are 1-based like SQLite's; columns are 0-based.
class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  Status bind_int(int index, std::int64_t value);
  // Blobs and texts are bound without a copy (a block payload is a megabyte): the bytes must stay
  // valid until the statement is reset, which run(), reset() and a CachedStatement's end do.
  Status bind_blob(int index, ByteView value);
  Status bind_text(int index, std::string_view value);
  Status bind_null(int index);

  // Advances: true when a row is available, false when the statement is done.
  Result<bool> step();
  // Runs a statement that returns no rows to completion.
  Status run();
  // Resets for reuse with new bindings.
  Status reset();

  std::int64_t column_int(int index) const;
  Bytes column_blob(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;
  sqlite3_stmt* handle() const { return stmt_; }

 private:
  friend class SqliteDatabase;
  SqliteStatement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  Error error(std::string_view what) const;
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
};

class CachedStatement {
 public:
  explicit CachedStatement(SqliteStatement* statement) : statement_(statement) {}
  CachedStatement(CachedStatement&& other) noexcept
      : statement_(std::exchange(other.statement_, nullptr)) {}
  CachedStatement& operator=(CachedStatement&&) = delete;
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  ~CachedStatement() {
    if (statement_ != nullptr) (void)statement_->reset();
  }
  SqliteStatement* operator->() const { return statement_; }
  SqliteStatement& operator*() const { return *statement_; }

 private:
  SqliteStatement* statement_;
};

}  // namespace espresso::storage
