#pragma once
// Tests only: one fresh database per test on either backend, so the same suite runs against both
// and tests can run in parallel. SQLite: a file in a temporary directory. PostgreSQL: a schema of
// its own in the server named by env ESEQ_TEST_POSTGRES_URI (scripts/postgres.sh starts one),
// dropped when the test ends; without the variable the PostgreSQL cases are skipped.

#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "storage/consensus_store.hpp"
#include "storage/postgres.hpp"
#include "storage/pruner.hpp"
#include "storage/query_store.hpp"
#include "storage/sqlite_connection.hpp"
#include "storage/test_paths.hpp"

namespace espresso::storage::testing {

enum class Backend { kSqlite, kPostgres };

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

inline const char* postgres_test_uri() {
  const char* uri = std::getenv("ESEQ_TEST_POSTGRES_URI");
  return uri != nullptr && *uri != '\0' ? uri : nullptr;
}

inline constexpr const char* kNoPostgres =
    "ESEQ_TEST_POSTGRES_URI is not set (scripts/postgres.sh starts a server and sets it)";

class TestDatabase {
 public:
  explicit TestDatabase(Backend backend) : backend_(backend) {
    if (backend_ == Backend::kPostgres) {
      std::random_device random;
      schema_ = "eseq_test_" + std::to_string(random()) + std::to_string(random());
    }
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase() {
    if (backend_ != Backend::kPostgres || postgres_test_uri() == nullptr) return;
    if (auto db = open_postgres_connection(config(""))) {
      (void)(*db)->execute("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    }
  }

  bool available() const { return backend_ == Backend::kSqlite || postgres_test_uri() != nullptr; }
  Backend backend() const { return backend_; }

  // A connection to this test's database (or schema), e.g. to corrupt rows on purpose.
  Result<std::unique_ptr<SqlConnection>> connection() const {
    if (backend_ == Backend::kSqlite) return open_sqlite_connection(path(), Durability::kNormal);
    return open_postgres_connection(config(schema_));
  }
  Result<std::unique_ptr<QueryStore>> query_store() const {
    if (backend_ == Backend::kSqlite) return make_sqlite_query_store(path());
    return make_postgres_query_store(config(schema_));
  }
  Result<std::unique_ptr<ConsensusStore>> consensus_store() const {
    if (backend_ == Backend::kSqlite) return make_sqlite_consensus_store(path());
    return make_postgres_consensus_store(config(schema_));
  }
  Result<std::unique_ptr<Pruner>> pruner(const PrunerConfig& pruner_config) const {
    if (backend_ == Backend::kSqlite) return make_sqlite_pruner(path(), pruner_config);
    return make_postgres_pruner(config(schema_), pruner_config);
  }
  // For code that opens stores itself: the SQLite file, or the PostgreSQL settings and schema.
  std::string sqlite_path() const { return path(); }
  PostgresConfig postgres_config() const { return config(schema_); }
  // Where errors say the data lives.
  std::string location() const { return backend_ == Backend::kSqlite ? path() : schema_; }

 private:
  std::string path() const { return dir_.file("store.db"); }
  static PostgresConfig config(const std::string& schema) {
    auto config = PostgresConfig::from_uri(postgres_test_uri());
    EXPECT_TRUE(config) << config.error().message;
    PostgresConfig result = config ? *config : PostgresConfig{};
    result.schema = schema;
    return result;
  }

  Backend backend_;
  TempDir dir_;
  std::string schema_;
};

}  // namespace espresso::storage::testing
