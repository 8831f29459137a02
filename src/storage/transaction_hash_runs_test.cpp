// The transaction index as sorted runs, through the query store with a small policy so that a
// few blocks seal and merge runs; on SQLite and PostgreSQL (test_backends.hpp).

#include "storage/transaction_hash_runs.hpp"

#include <functional>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "storage/consensus_test_records.hpp"
#include "storage/migrations.hpp"
#include "storage/sql_stores.hpp"
#include "storage/test_backends.hpp"

namespace espresso::storage {
namespace {

using testing::Backend;

// seal 4, fan-in 2, top level 3: runs of 4+ entries at level 1, 8+ at level 2, 16+ at level 3;
// merges and deletions in chunks of about 3 entries, so each takes several steps.
constexpr HashRunPolicy kSmall{4, 2, 3, 3};

Hash32 random_hash(std::mt19937_64& random) {
  Hash32 hash{};
  for (auto& byte : hash) byte = static_cast<std::uint8_t>(random());
  return hash;
}

BlockRecord block_with(std::uint64_t height, std::vector<Hash32> commitments) {
  BlockRecord block;
  block.height = height;
  block.timestamp = 1000 + height;
  block.leaf_hash = testing::filled_hash(static_cast<std::uint8_t>(height));
  block.block_hash = testing::filled_hash(static_cast<std::uint8_t>(height + 100));
  block.payload_hash = testing::filled_hash(static_cast<std::uint8_t>(height + 200));
  block.leaf = Bytes{1};
  block.header = Bytes{2};
  block.payload = Bytes{3};
  for (const auto& commitment : commitments) {
    block.transactions.push_back(TransactionEntry{commitment, 7});
  }
  return block;
}

// Forwards to a connection, and runs `before_lookup` once, just before the first lookup query: a
// writer committing between the two statements of a lookup.
class InterleavingConnection final : public SqlConnection {
 public:
  InterleavingConnection(SqlConnection& inner, std::function<void()> before_lookup)
      : inner_(inner), before_lookup_(std::move(before_lookup)) {}
  SqlDialect dialect() const override { return inner_.dialect(); }
  const std::string& name() const override { return inner_.name(); }
  Status execute(std::string_view sql) override { return inner_.execute(sql); }
  Result<std::vector<SqlRow>> query(std::string_view sql,
                                    std::span<const SqlParam> params) override {
    if (before_lookup_ && sql.find("JOIN transactions") != std::string_view::npos) {
      std::exchange(before_lookup_, nullptr)();
    }
    return inner_.query(sql, params);
  }
  Status insert_rows(std::string_view head, std::size_t columns, std::span<const SqlParam> rows,
                     std::string_view tail) override {
    return inner_.insert_rows(head, columns, rows, tail);
  }
  Status begin() override { return inner_.begin(); }
  Status commit() override { return inner_.commit(); }
  Status rollback() override { return inner_.rollback(); }

 private:
  SqlConnection& inner_;
  std::function<void()> before_lookup_;
};

struct RunRow {
  std::uint64_t level = 0;
  std::uint64_t entries = 0;
  std::uint64_t min_height = 0;
  std::uint64_t max_height = 0;
};

class TransactionHashRunsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (!db_.available()) GTEST_SKIP() << testing::kNoPostgres;
    auto connection = db_.connection();
    ASSERT_TRUE(connection) << connection.error().message;
    auto store = make_sql_query_store(std::move(*connection), std::nullopt, kSmall);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    auto inspector = db_.connection();
    ASSERT_TRUE(inspector) << inspector.error().message;
    inspector_ = std::move(*inspector);
  }

  // Blocks from..until-1 with `per_block` fresh commitments each, inserted one at a time and
  // compacted after each, as the writer does.
  void insert_blocks(std::uint64_t from, std::uint64_t until, std::size_t per_block) {
    for (std::uint64_t height = from; height < until; ++height) {
      std::vector<Hash32> commitments;
      for (std::size_t i = 0; i < per_block; ++i) commitments.push_back(random_hash(random_));
      for (std::size_t i = 0; i < per_block; ++i) location_[commitments[i]] = {height, i};
      ASSERT_TRUE(store_->insert_block(block_with(height, commitments)));
      compact();
    }
  }

  // Upkeep steps until none is left, as the writer does when idle.
  void compact() {
    for (int steps = 0; steps < 10000; ++steps) {
      auto stepped = store_->compact();
      ASSERT_TRUE(stepped) << stepped.error().message;
      if (!*stepped) return;
    }
    FAIL() << "upkeep never ends";
  }

  // The searched runs (state 0).
  std::map<std::uint64_t, RunRow> runs() {
    std::map<std::uint64_t, RunRow> result;
    auto rows = inspector_->query(
        "SELECT run, level, entries, min_height, max_height FROM transaction_hash_runs WHERE "
        "state = 0",
        {});
    EXPECT_TRUE(rows) << rows.error().message;
    if (!rows) return result;
    for (const auto& row : *rows) {
      result[row.unsigned_integer(0)] = RunRow{row.unsigned_integer(1), row.unsigned_integer(2),
                                               row.unsigned_integer(3), row.unsigned_integer(4)};
    }
    return result;
  }

  std::uint64_t entries_of(std::uint64_t run) {
    const SqlParam key[] = {sql_int(run)};
    auto rows = inspector_->query("SELECT count(*) FROM transaction_hashes WHERE run = ?", key);
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? rows->front().unsigned_integer(0) : 0;
  }

  void expect_every_transaction_found() {
    for (const auto& [commitment, where] : location_) {
      auto found = store_->transaction_by_hash(commitment);
      ASSERT_TRUE(found) << found.error().message;
      ASSERT_TRUE(found->has_value()) << "height " << where.first;
      EXPECT_EQ((*found)->height, where.first);
      EXPECT_EQ((*found)->index, where.second);
    }
  }

  testing::TestDatabase db_{GetParam()};
  std::unique_ptr<QueryStore> store_;
  std::unique_ptr<SqlConnection> inspector_;
  std::mt19937_64 random_{42};
  std::map<Hash32, std::pair<std::uint64_t, std::uint64_t>> location_;
};

TEST_P(TransactionHashRunsTest, EveryTransactionIsFoundThroughSealsAndMerges) {
  insert_blocks(0, 40, 3);
  expect_every_transaction_found();
  std::mt19937_64 other(7);
  EXPECT_FALSE(store_->transaction_by_hash(random_hash(other)).value().has_value());

  std::map<std::uint64_t, std::uint64_t> runs_per_level;
  std::uint64_t total = 0;
  for (const auto& [run, row] : runs()) {
    ++runs_per_level[row.level];
    total += row.entries;
    EXPECT_EQ(entries_of(run), row.entries) << "run " << run;
    EXPECT_LE(row.min_height, row.max_height);
  }
  EXPECT_EQ(total, 120u);
  // Nothing half-built or half-deleted is left, and no entry outside the searched runs.
  auto all = inspector_->query("SELECT count(*) FROM transaction_hashes", {});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->front().unsigned_integer(0), 120u);
  auto pending =
      inspector_->query("SELECT count(*) FROM transaction_hash_runs WHERE state <> 0", {});
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->front().unsigned_integer(0), 0u);
  // Compacted: below the top level no level holds fan_in sealed runs; merges reached the top.
  EXPECT_LT(runs_per_level[1], kSmall.fan_in);
  EXPECT_LT(runs_per_level[2], kSmall.fan_in);
  EXPECT_GE(runs_per_level[3], 2u);
  EXPECT_LE(runs_per_level[0], 1u);
}

TEST_P(TransactionHashRunsTest, EveryTransactionStaysFoundBetweenSteps) {
  std::uint64_t steps = 0;
  bool saw_building = false;
  for (std::uint64_t height = 0; height < 24; ++height) {
    std::vector<Hash32> commitments;
    for (std::size_t i = 0; i < 3; ++i) {
      commitments.push_back(random_hash(random_));
      location_[commitments.back()] = {height, i};
    }
    ASSERT_TRUE(store_->insert_block(block_with(height, commitments)));
    // One step per block: merges and deletions stay half done across inserts.
    auto stepped = store_->compact();
    ASSERT_TRUE(stepped) << stepped.error().message;
    steps += *stepped ? 1 : 0;
    auto building =
        inspector_->query("SELECT count(*) FROM transaction_hash_runs WHERE state = 1", {});
    ASSERT_TRUE(building);
    saw_building = saw_building || building->front().unsigned_integer(0) > 0;
    expect_every_transaction_found();
  }
  EXPECT_TRUE(saw_building);
  EXPECT_GT(steps, 10u);
  compact();
  expect_every_transaction_found();
}

TEST_P(TransactionHashRunsTest, ALookupRacingAMergeStillFindsTheTransaction) {
  // Insert and step until a merge has one chunk left to copy.
  std::optional<std::uint64_t> target;
  for (std::uint64_t height = 0; height < 100 && !target; ++height) {
    std::vector<Hash32> commitments;
    for (std::size_t i = 0; i < 3; ++i) {
      commitments.push_back(random_hash(random_));
      location_[commitments.back()] = {height, i};
    }
    ASSERT_TRUE(store_->insert_block(block_with(height, commitments)));
    for (;;) {
      auto building = inspector_->query(
          "SELECT run, done, chunks FROM transaction_hash_runs WHERE state = 1", {});
      ASSERT_TRUE(building);
      if (!building->empty() &&
          building->front().unsigned_integer(1) + 1 == building->front().unsigned_integer(2)) {
        target = building->front().unsigned_integer(0);
        break;
      }
      auto stepped = store_->compact();
      ASSERT_TRUE(stepped) << stepped.error().message;
      if (!*stepped) break;
    }
  }
  ASSERT_TRUE(target) << "no merge reached its last chunk";
  // The entry the first deletion step removes: the lowest commitment of the lowest source.
  const SqlParam key[] = {sql_int(*target)};
  auto first = inspector_->query(
      "SELECT commitment FROM transaction_hashes WHERE run = (SELECT min(run) FROM "
      "transaction_hash_runs WHERE merge_into = ?) ORDER BY commitment LIMIT 1",
      key);
  ASSERT_TRUE(first && !first->empty());
  auto commitment = first->front().hash(0, "commitment");
  ASSERT_TRUE(commitment);

  auto reader = db_.connection();
  ASSERT_TRUE(reader) << reader.error().message;
  // Between reading the run list and the lookup: the merge finishes and its first source loses
  // its first chunk.
  InterleavingConnection racing(**reader, [&] {
    for (int step = 0; step < 2; ++step) ASSERT_TRUE(store_->compact().value_or(false));
    auto state = inspector_->query("SELECT state FROM transaction_hash_runs WHERE run = ?", key);
    ASSERT_TRUE(state && !state->empty());
    EXPECT_EQ(state->front().unsigned_integer(0), 0u);
  });
  auto found = TransactionHashRuns(kSmall).find(racing, *commitment);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->height, location_.at(*commitment).first);
  EXPECT_EQ((*found)->index, location_.at(*commitment).second);
}

TEST_P(TransactionHashRunsTest, ARepeatedTransactionIsFoundAtItsLowestHeight) {
  insert_blocks(0, 10, 3);
  const Hash32 repeated = location_.begin()->first;
  const auto first = location_.begin()->second;
  ASSERT_TRUE(store_->insert_block(block_with(10, {repeated})));
  compact();
  auto found = store_->transaction_by_hash(repeated);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->height, first.first);
  EXPECT_EQ((*found)->index, first.second);
}

TEST_P(TransactionHashRunsTest, ALargeBatchBecomesASealedRunOfItsOwn) {
  std::vector<BlockRecord> blocks;
  for (std::uint64_t height = 0; height < 3; ++height) {
    std::vector<Hash32> commitments;
    for (int i = 0; i < 3; ++i) {
      commitments.push_back(random_hash(random_));
      location_[commitments.back()] = {height, i};
    }
    blocks.push_back(block_with(height, commitments));
  }
  ASSERT_TRUE(store_->insert_blocks(blocks));
  const auto rows = runs();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.begin()->second.level, 1u);
  EXPECT_EQ(rows.begin()->second.entries, 9u);
  EXPECT_EQ(rows.begin()->second.min_height, 0u);
  EXPECT_EQ(rows.begin()->second.max_height, 2u);
  expect_every_transaction_found();
}

TEST_P(TransactionHashRunsTest, PruningDropsWholeRunsAndMergesDropTheRest) {
  // Two 3-entry blocks fill a run: 21 sealed runs, merged into five top-level runs of heights
  // 0-7 ... 32-39 and one level-1 run of heights 40-41.
  insert_blocks(0, 42, 3);
  constexpr std::uint64_t kThrough = 40;
  // What the pruner does in its delete transaction, without its retention rules.
  ASSERT_TRUE(inspector_->transaction([&]() -> Status {
    const SqlParam upto[] = {sql_int(kThrough)};
    ESEQ_TRY_STATUS(inspector_->run("DELETE FROM transactions WHERE height <= ?", upto));
    ESEQ_TRY_STATUS(inspector_->run("DELETE FROM blocks WHERE height <= ?", upto));
    ESEQ_TRY_STATUS(inspector_->run("INSERT INTO pruned_height (id, height) VALUES (1, ?)", upto));
    return TransactionHashRuns(kSmall).prune(*inspector_, kThrough);
  }));
  compact();
  const auto left = runs();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left.begin()->second.level, 1u);
  EXPECT_EQ(left.begin()->second.min_height, 40u);  // straddles: stays, its entries too
  for (const auto& [commitment, where] : location_) {
    auto found = store_->transaction_by_hash(commitment);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->has_value(), where.first > kThrough) << "height " << where.first;
  }

  // Four 1-entry blocks seal a run, which merges with the straddling one: the copy leaves out
  // height 40.
  insert_blocks(42, 46, 1);
  const auto merged = runs();
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged.begin()->second.level, 2u);
  EXPECT_EQ(merged.begin()->second.entries, 3u + 4u);
  EXPECT_EQ(merged.begin()->second.min_height, 41u);
  const SqlParam bound[] = {sql_int(kThrough)};
  auto stale =
      inspector_->query("SELECT count(*) FROM transaction_hashes WHERE height <= ?", bound);
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->front().unsigned_integer(0), 0u);
  for (const auto& [commitment, where] : location_) {
    if (where.first <= kThrough) continue;
    auto found = store_->transaction_by_hash(commitment);
    ASSERT_TRUE(found && found->has_value()) << "height " << where.first;
    EXPECT_EQ((*found)->height, where.first);
  }
}

TEST_P(TransactionHashRunsTest, AnExistingIndexIsMigratedIntoOneRun) {
  // A fresh database at schema 7 with two blocks, then opened by the store (schema 8).
  testing::TestDatabase old_db{GetParam()};
  auto connection = old_db.connection();
  ASSERT_TRUE(connection) << connection.error().message;
  auto all = migrations_for((*connection)->dialect());
  ASSERT_TRUE(run_migrations(**connection, all.first(7)));
  for (std::uint64_t height = 0; height < 2; ++height) {
    const Hash32 leaf = testing::filled_hash(static_cast<std::uint8_t>(height));
    const Hash32 commitment = testing::filled_hash(static_cast<std::uint8_t>(height + 50));
    const Bytes one{1};
    const SqlParam block[] = {sql_int(height), sql_blob(leaf), sql_blob(leaf), sql_blob(leaf),
                              sql_blob(one),   sql_blob(one),  sql_blob(one)};
    ASSERT_TRUE((*connection)
                    ->run("INSERT INTO blocks (height, leaf_hash, block_hash, payload_hash, leaf, "
                          "header, payload, transaction_count, payload_size) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1)",
                          block));
    const SqlParam tx[] = {sql_blob(commitment), sql_int(height)};
    ASSERT_TRUE((*connection)
                    ->run("INSERT INTO transactions (commitment, height, position, namespace_id) "
                          "VALUES (?, ?, 0, 7)",
                          tx));
  }
  connection->reset();
  auto store = old_db.query_store();
  ASSERT_TRUE(store) << store.error().message;
  for (std::uint64_t height = 0; height < 2; ++height) {
    auto found =
        (*store)->transaction_by_hash(testing::filled_hash(static_cast<std::uint8_t>(height + 50)));
    ASSERT_TRUE(found && found->has_value()) << "height " << height;
    EXPECT_EQ((*found)->height, height);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, TransactionHashRunsTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::backend_name);

}  // namespace
}  // namespace espresso::storage
