// The transaction index under load: blocks of 1000 transactions with random commitments, one
// transaction per block as the node's writer commits them, into the SQLite query store (index as
// sorted runs, transaction_hash_runs.hpp; merges included, as the writer runs them after each
// insert). Baseline in the same process: the previous layout, a B-tree index on the random
// commitment (schema 7), written with the SQLite C API and the same pragmas. Figures: blocks/s
// over the whole load and over its last tenth (where the B-tree has outgrown the page cache),
// the longest upkeep step, and lookups by commitment per second. Medians of 3 runs.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <sqlite3.h>
#include <stdlib.h>

#include "raw_sqlite_blocks.hpp"
#include "storage/migrations.hpp"
#include "storage/query_store.hpp"
#include "storage/sqlite_connection.hpp"
#include "storage_bench_support.hpp"

namespace {

using namespace espresso;
using namespace espresso::storage;
using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kBlocks = 400;
constexpr std::size_t kTransactionsPerBlock = 1000;
constexpr std::size_t kLookups = 20000;
constexpr int kRuns = 3;

struct Figures {
  double blocks_per_second = 0;
  double last_tenth_blocks_per_second = 0;
  double longest_pause_ms = 0;  // runs: the longest upkeep step; B-tree: the longest insert
  double lookups_per_second = 0;
};

constexpr const char* kProgram = "transaction_index_bench";

[[noreturn]] void die(const std::string& message) {
  bench::die(kProgram, message);
}

void must(const Status& status, const char* what) {
  bench::must(kProgram, status, what);
}

void check(int rc, sqlite3* db, const char* what) {
  bench::check_sqlite(kProgram, rc, db, what);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct TempDir : bench::TempDir {
  TempDir() : bench::TempDir(kProgram) {}
};

std::vector<BlockRecord> make_blocks(std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<BlockRecord> blocks(kBlocks);
  for (std::uint64_t height = 0; height < kBlocks; ++height) {
    BlockRecord& block = blocks[height];
    block.height = height;
    block.timestamp = 1'700'000'000 + height;
    for (Hash32* hash : {&block.leaf_hash, &block.block_hash, &block.payload_hash}) {
      for (auto& byte : *hash) byte = static_cast<std::uint8_t>(random());
    }
    block.leaf = Bytes(400, 1);
    block.header = Bytes(300, 2);
    block.payload = Bytes(1024, 3);
    block.vid_common = Bytes(200, 4);
    block.transactions.resize(kTransactionsPerBlock);
    for (auto& tx : block.transactions) {
      for (auto& byte : tx.commitment) byte = static_cast<std::uint8_t>(random());
      tx.namespace_id = random() % 8;
    }
  }
  return blocks;
}

std::vector<Hash32> lookup_keys(const std::vector<BlockRecord>& blocks) {
  std::mt19937_64 random(3);
  std::vector<Hash32> keys;
  for (std::size_t i = 0; i < kLookups; ++i) {
    const auto& block = blocks[random() % blocks.size()];
    keys.push_back(block.transactions[random() % block.transactions.size()].commitment);
  }
  return keys;
}

Figures measure_runs(const std::vector<BlockRecord>& blocks, const std::vector<Hash32>& keys) {
  TempDir dir;
  auto store = make_sqlite_query_store(dir.file("runs.db"));
  if (!store) die("open store: " + store.error().message);
  Figures figures;
  const auto start = Clock::now();
  Clock::time_point tenth_start;
  for (const auto& block : blocks) {
    if (block.height == kBlocks - kBlocks / 10) tenth_start = Clock::now();
    must((*store)->insert_block(block), "insert_block");
    // Every upkeep step now, so the figure includes all of it; the writer spreads them over its
    // idle time, so a decided batch waits for at most one.
    for (;;) {
      const auto step_start = Clock::now();
      auto stepped = (*store)->compact();
      if (!stepped) die("compact: " + stepped.error().message);
      figures.longest_pause_ms =
          std::max(figures.longest_pause_ms, seconds_since(step_start) * 1e3);
      if (!*stepped) break;
    }
  }
  figures.blocks_per_second = kBlocks / seconds_since(start);
  figures.last_tenth_blocks_per_second = (kBlocks / 10) / seconds_since(tenth_start);
  const auto lookups_start = Clock::now();
  for (const auto& key : keys) {
    auto found = (*store)->transaction_by_hash(key);
    if (!found || !found->has_value()) die("a stored transaction was not found");
  }
  figures.lookups_per_second = keys.size() / seconds_since(lookups_start);
  return figures;
}

// The previous layout with the C API alone: the block row, the transaction rows and their
// random-key index entries, one transaction per block.
Figures measure_btree(const std::vector<BlockRecord>& blocks, const std::vector<Hash32>& keys) {
  TempDir dir;
  const std::string path = dir.file("btree.db");
  {
    auto db = open_sqlite_connection(path, Durability::kNormal);
    if (!db) die("open: " + db.error().message);
    auto version = run_migrations(**db, sqlite_migrations().first(7));
    if (!version) die("schema 7: " + version.error().message);
  }
  sqlite3* db = nullptr;
  check(sqlite3_open(path.c_str(), &db), db, "open");
  check(sqlite3_exec(db,
                     "PRAGMA cache_size=-8192; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                     "PRAGMA foreign_keys=ON",
                     nullptr, nullptr, nullptr),
        db, "pragmas");
  bench::RawSqliteBlocks writer(kProgram, db, /*hash_rows=*/false);
  sqlite3_stmt* lookup = nullptr;
  check(sqlite3_prepare_v2(db,
                           "SELECT t.height, t.position, t.namespace_id, b.block_hash FROM "
                           "transactions t JOIN blocks b ON b.height = t.height WHERE "
                           "t.commitment = ? ORDER BY t.height, t.position LIMIT 1",
                           -1, &lookup, nullptr),
        db, "prepare");
  Figures figures;
  const auto start = Clock::now();
  Clock::time_point tenth_start;
  for (const auto& b : blocks) {
    if (b.height == kBlocks - kBlocks / 10) tenth_start = Clock::now();
    const auto insert_start = Clock::now();
    check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    writer.write(b);
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    figures.longest_pause_ms =
        std::max(figures.longest_pause_ms, seconds_since(insert_start) * 1e3);
  }
  figures.blocks_per_second = kBlocks / seconds_since(start);
  figures.last_tenth_blocks_per_second = (kBlocks / 10) / seconds_since(tenth_start);
  const auto lookups_start = Clock::now();
  for (const auto& key : keys) {
    sqlite3_bind_blob(lookup, 1, key.data(), 32, SQLITE_STATIC);
    if (sqlite3_step(lookup) != SQLITE_ROW) die("a stored transaction was not found (B-tree)");
    sqlite3_reset(lookup);
  }
  figures.lookups_per_second = keys.size() / seconds_since(lookups_start);
  sqlite3_finalize(lookup);
  sqlite3_close_v2(db);  // closes once `writer` finalizes its statements
  return figures;
}

Figures median_of(const std::vector<Figures>& runs) {
  auto field = [&](double Figures::*member) {
    std::vector<double> values;
    for (const auto& run : runs) values.push_back(run.*member);
    return bench::median(values);
  };
  return Figures{field(&Figures::blocks_per_second), field(&Figures::last_tenth_blocks_per_second),
                 field(&Figures::longest_pause_ms), field(&Figures::lookups_per_second)};
}

}  // namespace

int main() {
  std::vector<Figures> runs_results;
  std::vector<Figures> btree_results;
  for (int run = 0; run < kRuns; ++run) {
    const auto blocks = make_blocks(static_cast<std::uint64_t>(run) + 1);
    const auto keys = lookup_keys(blocks);
    runs_results.push_back(measure_runs(blocks, keys));
    btree_results.push_back(measure_btree(blocks, keys));
    const Figures& r = runs_results.back();
    const Figures& b = btree_results.back();
    std::printf(
        "run %d: runs %.1f blocks/s (last tenth %.1f, longest step %.0f ms, %.0f lookups/s) | "
        "B-tree %.1f blocks/s (last tenth %.1f, longest insert %.0f ms, %.0f lookups/s)\n",
        run + 1, r.blocks_per_second, r.last_tenth_blocks_per_second, r.longest_pause_ms,
        r.lookups_per_second, b.blocks_per_second, b.last_tenth_blocks_per_second,
        b.longest_pause_ms, b.lookups_per_second);
  }
  const Figures r = median_of(runs_results);
  const Figures b = median_of(btree_results);
  std::printf("%llu blocks of %zu transactions, medians of %d runs\n",
              static_cast<unsigned long long>(kBlocks), kTransactionsPerBlock, kRuns);
  std::printf("bench: index_runs_insert %.1f blocks/s\n", r.blocks_per_second);
  std::printf("bench: index_btree_insert %.1f blocks/s\n", b.blocks_per_second);
  std::printf("bench: index_runs_vs_btree_insert %.2f x\n",
              r.blocks_per_second / b.blocks_per_second);
  std::printf("bench: index_runs_insert_last_tenth %.1f blocks/s\n",
              r.last_tenth_blocks_per_second);
  std::printf("bench: index_btree_insert_last_tenth %.1f blocks/s\n",
              b.last_tenth_blocks_per_second);
  std::printf("bench: index_runs_vs_btree_last_tenth %.2f x\n",
              r.last_tenth_blocks_per_second / b.last_tenth_blocks_per_second);
  std::printf("bench: index_runs_longest_step %.0f ms\n", r.longest_pause_ms);
  std::printf("bench: index_btree_longest_insert %.0f ms\n", b.longest_pause_ms);
  std::printf("bench: index_runs_lookup %.0f lookups/s\n", r.lookups_per_second);
  std::printf("bench: index_btree_lookup %.0f lookups/s\n", b.lookups_per_second);
  std::printf("bench: index_runs_vs_btree_lookup %.2f x\n",
              r.lookups_per_second / b.lookups_per_second);
  return 0;
}
