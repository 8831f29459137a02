#include "storage/migrations.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "storage/sqlite_connection.hpp"
#include "storage/test_backends.hpp"
#include "storage/test_paths.hpp"

namespace espresso::storage {
namespace {

const std::vector<Migration> kTwoSteps{
    {1, "first", "CREATE TABLE a (x INTEGER)"},
    {2, "second", "CREATE TABLE b (y INTEGER)"},
};

std::int64_t count_rows(SqlConnection& db, const char* sql) {
  auto rows = db.query(sql, {});
  EXPECT_TRUE(rows) << rows.error().message;
  return rows && !rows->empty() ? rows->front().integer(0) : -1;
}

std::unique_ptr<SqlConnection> open(const std::string& path) {
  auto db = open_sqlite_connection(path, Durability::kNormal);
  EXPECT_TRUE(db) << db.error().message;
  return db ? std::move(*db) : nullptr;
}

TEST(Migrations, AppliesEachStepOnceAndRecordsIt) {
  TempDir dir;
  {
    auto db = open(dir.file("m.db"));
    ASSERT_TRUE(db);
    auto first = run_migrations(*db, std::span(kTwoSteps).first(1));
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(*first, 1);
  }
  auto db = open(dir.file("m.db"));
  ASSERT_TRUE(db);
  auto second = run_migrations(*db, kTwoSteps);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(*second, 2);
  auto again = run_migrations(*db, kTwoSteps);  // idempotent: nothing re-run
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 2);
  EXPECT_EQ(count_rows(*db, "SELECT count(*) FROM schema_migrations"), 2);
  EXPECT_EQ(count_rows(*db, "SELECT count(*) FROM b"), 0);
}

TEST(Migrations, NewerDatabaseIsAClearError) {
  auto db = open(":memory:");
  ASSERT_TRUE(db);
  ASSERT_TRUE(run_migrations(*db, kTwoSteps));
  auto older = run_migrations(*db, std::span(kTwoSteps).first(1));
  ASSERT_FALSE(older);
  EXPECT_NE(older.error().message.find("schema version 2"), std::string::npos)
      << older.error().message;
  EXPECT_NE(older.error().message.find("only up to 1"), std::string::npos);
}

TEST(Migrations, FailingStepRollsBackEverything) {
  auto db = open(":memory:");
  ASSERT_TRUE(db);
  const std::vector<Migration> broken{{1, "ok", "CREATE TABLE a (x INTEGER)"},
                                      {2, "broken", "CREATE TABLE a (x INTEGER)"}};
  auto result = run_migrations(*db, broken);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("migration 2 (broken)"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(schema_version(*db).value(), 0);
  EXPECT_EQ(count_rows(*db, "SELECT count(*) FROM sqlite_master WHERE name = 'a'"), 0);
}

TEST(Migrations, RejectsGapsInNumbering) {
  auto db = open(":memory:");
  ASSERT_TRUE(db);
  const std::vector<Migration> gap{{1, "a", "SELECT 1"}, {3, "c", "SELECT 1"}};
  auto result = run_migrations(*db, gap);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("expected version 2"), std::string::npos);
}

TEST(Migrations, BuiltInSchemaApplies) {
  auto db = open(":memory:");
  ASSERT_TRUE(db);
  auto version = run_migrations(*db, sqlite_migrations());
  ASSERT_TRUE(version) << version.error().message;
  EXPECT_EQ(*version, static_cast<std::int64_t>(sqlite_migrations().size()));
}

// The runner on both backends (PostgreSQL: a schema of the test's own).
class MigrationsOnBackend : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    if (!db_.available()) GTEST_SKIP() << testing::kNoPostgres;
    auto opened = db_.connection();
    ASSERT_TRUE(opened) << opened.error().message;
    conn_ = std::move(*opened);
  }
  testing::TestDatabase db_{GetParam()};
  std::unique_ptr<SqlConnection> conn_;
};

TEST_P(MigrationsOnBackend, AppliesOnceRefusesNewerAndRollsBackFailures) {
  const std::vector<Migration> steps{{1, "first", "CREATE TABLE a (x BIGINT)"},
                                     {2, "second", "CREATE TABLE b (y BIGINT)"},
                                     {3, "broken", "CREATE TABLE a (x BIGINT)"}};
  EXPECT_EQ(run_migrations(*conn_, std::span(steps).first(2)).value(), 2);
  EXPECT_EQ(run_migrations(*conn_, std::span(steps).first(2)).value(), 2);
  EXPECT_EQ(count_rows(*conn_, "SELECT count(*) FROM schema_migrations"), 2);
  auto older = run_migrations(*conn_, std::span(steps).first(1));
  ASSERT_FALSE(older);
  EXPECT_NE(older.error().message.find("schema version 2"), std::string::npos);
  auto broken = run_migrations(*conn_, steps);
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("migration 3 (broken)"), std::string::npos)
      << broken.error().message;
  EXPECT_EQ(schema_version(*conn_).value(), 2);
}

TEST_P(MigrationsOnBackend, BuiltInSchemaApplies) {
  auto version = run_migrations(*conn_, migrations_for(conn_->dialect()));
  ASSERT_TRUE(version) << version.error().message;
  EXPECT_EQ(*version, static_cast<std::int64_t>(migrations_for(conn_->dialect()).size()));
  EXPECT_EQ(sqlite_migrations().size(), postgres_migrations().size());
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationsOnBackend,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::backend_name);

}  // namespace
}  // namespace espresso::storage
