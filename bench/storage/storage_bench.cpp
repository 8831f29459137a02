// Blocks per second into the query store: one insert_block per block (each its own transaction,
// as the node writes decided blocks) and insert_blocks in batches (catch-up, bulk load), on SQLite
// and, when ESEQ_TEST_POSTGRES_URI names a server, PostgreSQL. Baseline in the same process: the
// raw SQLite C API writing the same rows into the same schema in one transaction with two
// prepared statements and no checks, and libpq's binary COPY of the same rows per batch. Blocks
// look like small real ones: 1 KiB payload with 4 transactions, 300-byte header, 400-byte leaf,
// VID common data and a share. Medians of 5 runs.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "raw_sqlite_blocks.hpp"
#include "storage/migrations.hpp"
#include "storage/postgres.hpp"
#include "storage/query_store.hpp"
#include "storage/sqlite_connection.hpp"
#include "storage_bench_support.hpp"

namespace {

using namespace espresso;
using namespace espresso::storage;

constexpr std::uint64_t kBlocks = 5000;
constexpr std::size_t kBatch = 500;
constexpr int kRuns = 5;

Hash32 hash_of(std::uint64_t seed, std::uint8_t kind) {
  Hash32 hash{};
  for (std::size_t i = 0; i < 8; ++i) hash[i] = static_cast<std::uint8_t>(seed >> (8 * i));
  hash[31] = kind;
  return hash;
}

std::vector<BlockRecord> make_blocks() {
  std::vector<BlockRecord> blocks;
  std::mt19937 random(7);
  for (std::uint64_t height = 0; height < kBlocks; ++height) {
    BlockRecord block;
    block.height = height;
    block.timestamp = 1'700'000'000 + height;
    block.leaf_hash = hash_of(height, 1);
    block.block_hash = hash_of(height, 2);
    block.payload_hash = hash_of(height, 3);
    block.leaf = Bytes(400, static_cast<std::uint8_t>(random()));
    block.header = Bytes(300, static_cast<std::uint8_t>(random()));
    block.payload = Bytes(1024, static_cast<std::uint8_t>(random()));
    block.vid_common = Bytes(200, 4);
    block.vid_share = Bytes(300, 5);
    for (std::uint64_t i = 0; i < 4; ++i) {
      block.transactions.push_back(TransactionEntry{hash_of(height * 4 + i, 6), 10 + i});
    }
    blocks.push_back(std::move(block));
  }
  return blocks;
}

constexpr const char* kProgram = "storage_bench";

using bench::median;

struct TempDir : bench::TempDir {
  TempDir() : bench::TempDir(kProgram) {}
};

[[noreturn]] void die(const std::string& message) {
  bench::die(kProgram, message);
}

template <typename T>
T must(Result<T> result, const char* what) {
  return bench::must(kProgram, std::move(result), what);
}

void must(const Status& status, const char* what) {
  bench::must(kProgram, status, what);
}

// Blocks per second of `insert` on a fresh store from `open`, median of kRuns.
double measure(const std::function<std::unique_ptr<QueryStore>(int)>& open,
               const std::function<void(QueryStore&)>& insert) {
  std::vector<double> rates;
  for (int run = 0; run < kRuns; ++run) {
    auto store = open(run);
    const auto start = std::chrono::steady_clock::now();
    insert(*store);
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    rates.push_back(static_cast<double>(kBlocks) / seconds.count());
  }
  return median(rates);
}

void insert_one_by_one(QueryStore& store, const std::vector<BlockRecord>& blocks) {
  for (const auto& block : blocks) must(store.insert_block(block), "insert_block");
}

void insert_batches(QueryStore& store, const std::vector<BlockRecord>& blocks) {
  for (std::size_t first = 0; first < blocks.size(); first += kBatch) {
    const std::size_t count = std::min(kBatch, blocks.size() - first);
    must(store.insert_blocks(std::span(blocks).subspan(first, count)), "insert_blocks");
  }
}

void check(int rc, sqlite3* db, const char* what) {
  bench::check_sqlite(kProgram, rc, db, what);
}

// The same rows with the SQLite C API alone (raw_sqlite_blocks.hpp): one transaction, the
// transaction index entries all in one run.
double raw_sqlite(const std::vector<BlockRecord>& blocks) {
  std::vector<double> rates;
  for (int run = 0; run < kRuns; ++run) {
    TempDir dir;
    const std::string path = dir.file("raw.db");
    {
      auto db = must(open_sqlite_connection(path, Durability::kNormal), "open raw");
      must(run_migrations(*db, sqlite_migrations()), "migrate raw");
    }
    sqlite3* db = nullptr;
    check(sqlite3_open(path.c_str(), &db), db, "open");
    check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", nullptr, nullptr,
                       nullptr),
          db, "pragma");
    std::chrono::duration<double> seconds{};
    {
      bench::RawSqliteBlocks writer(kProgram, db, /*hash_rows=*/true);
      const auto start = std::chrono::steady_clock::now();
      check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
      for (const auto& b : blocks) writer.write(b);
      check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
      seconds = std::chrono::steady_clock::now() - start;
    }
    sqlite3_close(db);
    rates.push_back(static_cast<double>(blocks.size()) / seconds.count());
  }
  return median(rates);
}

// Big-endian field writers of PostgreSQL's binary COPY format.
void put(Bytes& out, std::uint64_t value, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
    out.push_back(static_cast<std::uint8_t>(value >> shift));
  }
}
void put_field(Bytes& out, ByteView bytes) {
  put(out, bytes.size(), 4);
  out.insert(out.end(), bytes.begin(), bytes.end());
}
void put_int_field(Bytes& out, std::uint64_t value) {
  put(out, 8, 4);
  put(out, value, 8);
}

void copy_in(PGconn* conn, const std::string& sql, const Bytes& stream) {
  PGresult* started = PQexec(conn, sql.c_str());
  if (PQresultStatus(started) != PGRES_COPY_IN) die(sql + ": " + PQerrorMessage(conn));
  PQclear(started);
  if (PQputCopyData(conn, reinterpret_cast<const char*>(stream.data()),
                    static_cast<int>(stream.size())) != 1 ||
      PQputCopyEnd(conn, nullptr) != 1) {
    die(sql + ": " + PQerrorMessage(conn));
  }
  while (PGresult* result = PQgetResult(conn)) {
    if (PQresultStatus(result) != PGRES_COMMAND_OK) die(sql + ": " + PQerrorMessage(conn));
    PQclear(result);
  }
}

void exec(PGconn* conn, const char* sql) {
  PGresult* result = PQexec(conn, sql);
  if (PQresultStatus(result) != PGRES_COMMAND_OK)
    die(std::string(sql) + ": " + PQerrorMessage(conn));
  PQclear(result);
}

// The same rows with libpq alone: per batch one transaction with a binary COPY per table, no
// checks (what the store adds: the stored/pruned-height reads and the Result plumbing).
double raw_postgres(const PostgresConfig& base, const std::vector<BlockRecord>& blocks) {
  std::vector<double> rates;
  for (int run = 0; run < kRuns; ++run) {
    PostgresConfig config = base;
    config.schema = "eseq_bench_raw_" + std::to_string(run);
    {
      auto db = must(open_postgres_connection(config), "connect");
      must(db->execute("DROP SCHEMA " + config.schema + " CASCADE"), "drop old schema");
    }
    must(make_postgres_query_store(config), "migrate raw schema");  // creates the tables
    const std::string port = std::to_string(config.port);
    const char* keys[] = {"host", "port", "dbname", "user", "password", nullptr};
    const char* values[] = {config.host.c_str(),
                            port.c_str(),
                            config.database.c_str(),
                            config.user.c_str(),
                            config.password.empty() ? nullptr : config.password.c_str(),
                            nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, 0);
    if (PQstatus(conn) != CONNECTION_OK) die(std::string("connect: ") + PQerrorMessage(conn));
    exec(conn, ("SET search_path TO " + config.schema).c_str());
    exec(conn, "SET synchronous_commit = off");
    static constexpr std::uint8_t kSignature[] = {
        'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t first = 0; first < blocks.size(); first += kBatch) {
      Bytes block_rows(std::begin(kSignature), std::end(kSignature));
      Bytes tx_rows(std::begin(kSignature), std::end(kSignature));
      Bytes hash_rows(std::begin(kSignature), std::end(kSignature));
      for (std::size_t i = first; i < std::min(blocks.size(), first + kBatch); ++i) {
        const BlockRecord& b = blocks[i];
        put(block_rows, 12, 2);
        put_int_field(block_rows, b.height);
        put_int_field(block_rows, b.timestamp);
        for (ByteView field :
             {ByteView(b.leaf_hash), ByteView(b.block_hash), ByteView(b.payload_hash),
              ByteView(b.leaf), ByteView(b.header), ByteView(b.payload), ByteView(b.vid_common),
              ByteView(*b.vid_share)}) {
          put_field(block_rows, field);
        }
        put_int_field(block_rows, b.transactions.size());
        put_int_field(block_rows, b.payload.size());
        for (std::size_t t = 0; t < b.transactions.size(); ++t) {
          put(tx_rows, 4, 2);
          put_field(tx_rows, b.transactions[t].commitment);
          put_int_field(tx_rows, b.height);
          put_int_field(tx_rows, t);
          put_int_field(tx_rows, b.transactions[t].namespace_id);
          put(hash_rows, 4, 2);
          put_int_field(hash_rows, 1);
          put_field(hash_rows, b.transactions[t].commitment);
          put_int_field(hash_rows, b.height);
          put_int_field(hash_rows, t);
        }
      }
      put(block_rows, 0xffff, 2);
      put(tx_rows, 0xffff, 2);
      put(hash_rows, 0xffff, 2);
      exec(conn, "BEGIN");
      copy_in(conn,
              "COPY blocks (height, timestamp, leaf_hash, block_hash, payload_hash, leaf, header, "
              "payload, vid_common, vid_share, transaction_count, payload_size) FROM STDIN (FORMAT "
              "binary)",
              block_rows);
      copy_in(conn,
              "COPY transactions (commitment, height, position, namespace_id) FROM STDIN "
              "(FORMAT binary)",
              tx_rows);
      copy_in(conn,
              "COPY transaction_hashes (run, commitment, height, position) FROM STDIN "
              "(FORMAT binary)",
              hash_rows);
      exec(conn, "COMMIT");
    }
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    PQfinish(conn);
    auto db = must(open_postgres_connection(base), "connect");
    (void)db->execute("DROP SCHEMA " + config.schema + " CASCADE");
    rates.push_back(static_cast<double>(blocks.size()) / seconds.count());
  }
  return median(rates);
}

}  // namespace

int main() {
  const std::vector<BlockRecord> blocks = make_blocks();
  std::vector<std::unique_ptr<TempDir>> dirs;
  auto sqlite_store = [&](int) {
    dirs.push_back(std::make_unique<TempDir>());
    return must(make_sqlite_query_store(dirs.back()->file("q.db")), "open sqlite store");
  };
  const double sqlite_single =
      measure(sqlite_store, [&](QueryStore& store) { insert_one_by_one(store, blocks); });
  const double sqlite_batch =
      measure(sqlite_store, [&](QueryStore& store) { insert_batches(store, blocks); });
  const double raw = raw_sqlite(blocks);
  std::printf("sqlite: %.0f blocks/s one by one, %.0f in batches of %zu, raw C API %.0f\n",
              sqlite_single, sqlite_batch, kBatch, raw);

  double postgres_single = 0;
  double postgres_batch = 0;
  double postgres_raw = 0;
  const char* uri = std::getenv("ESEQ_TEST_POSTGRES_URI");
  if (uri != nullptr && *uri != '\0') {
    PostgresConfig base = must(PostgresConfig::from_uri(uri), "ESEQ_TEST_POSTGRES_URI");
    std::vector<std::string> schemas;
    auto postgres_store = [&](int run) {
      PostgresConfig config = base;
      config.schema = "eseq_bench_" + std::to_string(schemas.size()) + "_" + std::to_string(run);
      schemas.push_back(config.schema);
      auto db = must(open_postgres_connection(config), "connect");
      must(db->execute("DROP SCHEMA " + config.schema + " CASCADE"), "drop old schema");
      return must(make_postgres_query_store(config), "open postgres store");
    };
    postgres_single =
        measure(postgres_store, [&](QueryStore& store) { insert_one_by_one(store, blocks); });
    postgres_batch =
        measure(postgres_store, [&](QueryStore& store) { insert_batches(store, blocks); });
    auto db = must(open_postgres_connection(base), "connect");
    for (const auto& schema : schemas) (void)db->execute("DROP SCHEMA " + schema + " CASCADE");
    postgres_raw = raw_postgres(base, blocks);
    std::printf(
        "postgres (%s): %.0f blocks/s one by one, %.0f in batches of %zu, raw libpq COPY %.0f\n",
        base.describe().c_str(), postgres_single, postgres_batch, kBatch, postgres_raw);
  } else {
    std::printf("postgres: skipped (ESEQ_TEST_POSTGRES_URI is not set)\n");
  }

  std::printf("bench: sqlite_insert_single %.0f blocks/s\n", sqlite_single);
  std::printf("bench: sqlite_insert_batch %.0f blocks/s\n", sqlite_batch);
  std::printf("bench: raw_sqlite_insert %.0f blocks/s\n", raw);
  std::printf("bench: sqlite_batch_vs_raw %.2f x\n", sqlite_batch / raw);
  if (postgres_batch > 0) {
    std::printf("bench: postgres_insert_single %.0f blocks/s\n", postgres_single);
    std::printf("bench: postgres_insert_batch %.0f blocks/s\n", postgres_batch);
    std::printf("bench: raw_postgres_copy %.0f blocks/s\n", postgres_raw);
    std::printf("bench: postgres_batch_vs_raw %.2f x\n", postgres_batch / postgres_raw);
  }
  return 0;
}
