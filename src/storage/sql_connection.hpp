#pragma once
// The little SQL the stores need, over either backend: parameterised statements written with `?`
// placeholders (PostgreSQL's are rewritten to $n), rows of integers, blobs and text, bulk inserts
// and transactions. The stores are written once against this; only DDL differs per dialect.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace espresso::storage {

enum class SqlDialect { kSqlite, kPostgres };

// How hard a commit waits for the disk.
enum class Durability {
  // A crash or power loss may drop the last commits, never corrupts (query data, which catch-up
  // fetches again): SQLite synchronous=NORMAL, PostgreSQL synchronous_commit=off.
  kNormal,
  // A commit is on disk when it returns (consensus records before a vote): SQLite
  // synchronous=FULL, PostgreSQL synchronous_commit=on.
  kFull,
};

// A bound parameter; it views the caller's data, which must outlive the call.
using SqlParam = std::variant<std::monostate, std::int64_t, ByteView, std::string_view>;

inline SqlParam sql_int(std::uint64_t value) {
  return static_cast<std::int64_t>(value);
}
inline SqlParam sql_blob(ByteView value) {
  return value;
}
inline SqlParam sql_null() {
  return std::monostate{};
}

// A column value read back.
using SqlValue = std::variant<std::monostate, std::int64_t, Bytes, std::string>;

class SqlRow {
 public:
  explicit SqlRow(std::vector<SqlValue> values) : values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const { return std::holds_alternative<std::monostate>(values_[i]); }
  // 0 for NULL; the schema makes other types impossible.
  std::int64_t integer(std::size_t i) const;
  std::uint64_t unsigned_integer(std::size_t i) const {
    return static_cast<std::uint64_t>(integer(i));
  }
  // Empty for NULL; text columns come back as their bytes.
  Bytes blob(std::size_t i) const;
  // A 32-byte column (hashes, commitments); `what` names it in the error.
  Result<Hash32> hash(std::size_t i, std::string_view what) const;

 private:
  std::vector<SqlValue> values_;
};

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;

  virtual SqlDialect dialect() const = 0;
  // Where the data lives, for error messages (a file path, or database@host:port; never a
  // password).
  virtual const std::string& name() const = 0;

  // Runs one or more statements without parameters or results (DDL).
  virtual Status execute(std::string_view sql) = 0;
  // Runs one statement and returns all its rows.
  virtual Result<std::vector<SqlRow>> query(std::string_view sql,
                                            std::span<const SqlParam> params) = 0;
  // Inserts rows.size() / columns rows: `head` is "INSERT INTO t (a, b)", `tail` an optional
  // "ON CONFLICT ..." clause. SQLite loops one prepared statement; PostgreSQL sends multi-row
  // statements, so a batch costs few round trips.
  virtual Status insert_rows(std::string_view head, std::size_t columns,
                             std::span<const SqlParam> rows, std::string_view tail = {}) = 0;

  virtual Status begin() = 0;
  virtual Status commit() = 0;
  virtual Status rollback() = 0;

  // Runs a statement for its effect.
  Status run(std::string_view sql, std::span<const SqlParam> params) {
    auto rows = query(sql, params);
    if (!rows) return fail(std::move(rows).error());
    return {};
  }

  // Runs `body` between begin() and commit(); rolls back if either fails.
  template <typename Body>
  Status transaction(Body&& body) {
    ESEQ_TRY_STATUS(begin());
    Status result = body();
    if (!result) {
      (void)rollback();
      return result;
    }
    Status committed = commit();
    if (!committed) (void)rollback();  // e.g. SQLITE_BUSY: do not leave it open
    return committed;
  }
};

}  // namespace espresso::storage
