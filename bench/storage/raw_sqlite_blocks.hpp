#pragma once
// The storage baselines' writer: a block's row and its transaction rows through the SQLite C API
// alone, prepared statements and no checks, into the query store's schema; with `hash_rows`, the
// transaction index rows too, all in one run.

#include <string>

#include <sqlite3.h>

#include "storage/query_store.hpp"
#include "storage_bench_support.hpp"

namespace espresso::bench {

// Exits through die() unless `rc` is a success code of the C API.
inline void check_sqlite(const char* program, int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    die(program, std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

class RawSqliteBlocks {
 public:
  RawSqliteBlocks(const char* program, sqlite3* db, bool hash_rows) : program_(program), db_(db) {
    prepare(&block_insert_,
            "INSERT INTO blocks (height, timestamp, leaf_hash, block_hash, payload_hash, leaf, "
            "header, payload, vid_common, vid_share, transaction_count, payload_size) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    prepare(&transaction_insert_,
            "INSERT INTO transactions (commitment, height, position, namespace_id) "
            "VALUES (?,?,?,?)");
    if (hash_rows) {
      prepare(&hash_insert_,
              "INSERT INTO transaction_hashes (run, commitment, height, position) "
              "VALUES (1, ?, ?, ?)");
    }
  }
  RawSqliteBlocks(const RawSqliteBlocks&) = delete;
  RawSqliteBlocks& operator=(const RawSqliteBlocks&) = delete;
  ~RawSqliteBlocks() {
    for (sqlite3_stmt* statement : {block_insert_, transaction_insert_, hash_insert_}) {
      sqlite3_finalize(statement);
    }
  }

  void write(const storage::BlockRecord& b) {
    const auto height = static_cast<sqlite3_int64>(b.height);
    sqlite3_bind_int64(block_insert_, 1, height);
    sqlite3_bind_int64(block_insert_, 2, static_cast<sqlite3_int64>(b.timestamp));
    int column = 3;
    for (const Hash32* hash : {&b.leaf_hash, &b.block_hash, &b.payload_hash}) {
      sqlite3_bind_blob(block_insert_, column++, hash->data(), 32, SQLITE_STATIC);
    }
    for (const Bytes* blob : {&b.leaf, &b.header, &b.payload, &b.vid_common}) {
      sqlite3_bind_blob(block_insert_, column++, blob->data(), static_cast<int>(blob->size()),
                        SQLITE_STATIC);
    }
    if (b.vid_share) {
      sqlite3_bind_blob(block_insert_, 10, b.vid_share->data(),
                        static_cast<int>(b.vid_share->size()), SQLITE_STATIC);
    } else {
      sqlite3_bind_null(block_insert_, 10);
    }
    sqlite3_bind_int64(block_insert_, 11, static_cast<sqlite3_int64>(b.transactions.size()));
    sqlite3_bind_int64(block_insert_, 12, static_cast<sqlite3_int64>(b.payload.size()));
    step(block_insert_, "insert block");
    for (std::size_t i = 0; i < b.transactions.size(); ++i) {
      const auto& tx = b.transactions[i];
      sqlite3_bind_blob(transaction_insert_, 1, tx.commitment.data(), 32, SQLITE_STATIC);
      sqlite3_bind_int64(transaction_insert_, 2, height);
      sqlite3_bind_int64(transaction_insert_, 3, static_cast<sqlite3_int64>(i));
      sqlite3_bind_int64(transaction_insert_, 4, static_cast<sqlite3_int64>(tx.namespace_id));
      step(transaction_insert_, "insert transaction");
      if (hash_insert_ == nullptr) continue;
      sqlite3_bind_blob(hash_insert_, 1, tx.commitment.data(), 32, SQLITE_STATIC);
      sqlite3_bind_int64(hash_insert_, 2, height);
      sqlite3_bind_int64(hash_insert_, 3, static_cast<sqlite3_int64>(i));
      step(hash_insert_, "insert transaction hash");
    }
  }

 private:
  void prepare(sqlite3_stmt** statement, const char* sql) {
    check_sqlite(program_, sqlite3_prepare_v2(db_, sql, -1, statement, nullptr), db_, "prepare");
  }
  void step(sqlite3_stmt* statement, const char* what) {
    check_sqlite(program_, sqlite3_step(statement), db_, what);
    sqlite3_reset(statement);
  }

  const char* program_;
  sqlite3* db_;
  sqlite3_stmt* block_insert_ = nullptr;
  sqlite3_stmt* transaction_insert_ = nullptr;
  sqlite3_stmt* hash_insert_ = nullptr;
};

}  // namespace espresso::bench
