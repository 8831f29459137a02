#include "storage/sqlite_database.hpp"

#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

#include "storage/test_paths.hpp"

namespace espresso::storage {
namespace {

TEST(SqliteDatabase, OpensInWalModeWithRequestedSync) {
  TempDir dir;
  for (auto [durability, expected] :
       {std::pair{Durability::kNormal, 1}, std::pair{Durability::kFull, 2}}) {
    auto db = SqliteDatabase::open(dir.file("a.db"), durability);
    ASSERT_TRUE(db) << db.error().message;
    auto mode = db->prepare("PRAGMA journal_mode");
    ASSERT_TRUE(mode);
    ASSERT_TRUE(mode->step().value());
    EXPECT_EQ(mode->column_text(0), "wal");
    auto sync = db->prepare("PRAGMA synchronous");
    ASSERT_TRUE(sync);
    ASSERT_TRUE(sync->step().value());
    EXPECT_EQ(sync->column_int(0), expected);
  }
}

std::int64_t page_size_of(SqliteDatabase& db) {
  auto size = db.prepare("PRAGMA page_size");
  EXPECT_TRUE(size && size->step().value_or(false));
  return size ? size->column_int(0) : 0;
}

// A new file gets the requested page size and keeps it when opened again with another one; a size
// SQLite would silently ignore is an error.
TEST(SqliteDatabase, NewDatabaseTakesTheRequestedPageSizeAndKeepsIt) {
  TempDir dir;
  {
    auto db = SqliteDatabase::open(dir.file("big.db"), Durability::kFull, 65536);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(db->execute("CREATE TABLE t (b BLOB)"));
    EXPECT_EQ(page_size_of(*db), 65536);
  }
  auto again = SqliteDatabase::open(dir.file("big.db"), Durability::kFull);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(page_size_of(*again), 65536);

  auto small = SqliteDatabase::open(dir.file("small.db"), Durability::kNormal);
  ASSERT_TRUE(small) << small.error().message;
  ASSERT_TRUE(small->execute("CREATE TABLE t (b BLOB)"));
  EXPECT_EQ(page_size_of(*small), 4096);

  auto odd = SqliteDatabase::open(dir.file("odd.db"), Durability::kNormal, 5000);
  ASSERT_FALSE(odd);
  EXPECT_NE(odd.error().message.find("page size 5000"), std::string::npos);
}

TEST(SqliteDatabase, BindsAndReadsBackValues) {
  auto db = SqliteDatabase::open(":memory:", Durability::kNormal);
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->execute("CREATE TABLE t (i INTEGER, b BLOB, s TEXT)"));
  auto insert = db->prepare("INSERT INTO t VALUES (?, ?, ?)");
  ASSERT_TRUE(insert);
  const Bytes blob{0, 1, 2, 255};
  ASSERT_TRUE(insert->bind_int(1, -7));
  ASSERT_TRUE(insert->bind_blob(2, blob));
  ASSERT_TRUE(insert->bind_text(3, "héllo"));
  ASSERT_TRUE(insert->run());
  ASSERT_TRUE(insert->bind_int(1, 1));
  ASSERT_TRUE(insert->bind_blob(2, Bytes{}));
  ASSERT_TRUE(insert->bind_null(3));
  ASSERT_TRUE(insert->run());

  auto select = db->prepare("SELECT i, b, s FROM t ORDER BY i");
  ASSERT_TRUE(select);
  ASSERT_TRUE(select->step().value());
  EXPECT_EQ(select->column_int(0), -7);
  EXPECT_EQ(select->column_blob(1), blob);
  EXPECT_EQ(select->column_text(2), "héllo");
  ASSERT_TRUE(select->step().value());
  EXPECT_TRUE(select->column_blob(1).empty());
  EXPECT_FALSE(select->column_is_null(1));  // an empty blob is not NULL
  EXPECT_TRUE(select->column_is_null(2));
  EXPECT_FALSE(select->step().value());
}

TEST(SqliteDatabase, ErrorsNameTheSqlAndSqliteMessage) {
  auto db = SqliteDatabase::open(":memory:", Durability::kNormal);
  ASSERT_TRUE(db);
  auto bad = db->prepare("SELEC 1");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("SELEC 1"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("syntax error"), std::string::npos) << bad.error().message;

  auto exec = db->execute("DROP TABLE missing");
  ASSERT_FALSE(exec);
  EXPECT_NE(exec.error().message.find("no such table: missing"), std::string::npos);
}

TEST(SqliteDatabase, FailedTransactionRollsBack) {
  auto db = SqliteDatabase::open(":memory:", Durability::kNormal);
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->execute("CREATE TABLE t (i INTEGER PRIMARY KEY)"));
  auto failed = db->transaction([&]() -> Status {
    ESEQ_TRY_STATUS(db->execute("INSERT INTO t VALUES (1)"));
    return db->execute("INSERT INTO t VALUES (1)");  // duplicate key
  });
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("UNIQUE"), std::string::npos) << failed.error().message;
  auto count = db->prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count);
  ASSERT_TRUE(count->step().value());
  EXPECT_EQ(count->column_int(0), 0);
}

TEST(SqliteDatabase, OpenFailureIsAnError) {
  auto db = SqliteDatabase::open("/nonexistent-dir/sub/x.db", Durability::kNormal);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("/nonexistent-dir/sub/x.db"), std::string::npos);
}

}  // namespace
}  // namespace espresso::storage
