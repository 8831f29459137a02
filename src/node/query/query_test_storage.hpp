#pragma once
// Tests only: the query service's storage target for a test database of either backend, so its
// tests run against SQLite and PostgreSQL alike (storage/test_backends.hpp).

#include "node/query/query_service.hpp"
#include "storage/test_backends.hpp"

namespace espresso::node_query::testing {

inline QueryStorage storage_of(const storage::testing::TestDatabase& database) {
  QueryStorage target;
  if (database.backend() == storage::testing::Backend::kSqlite) {
    target.sqlite_path = database.sqlite_path();
  } else {
    target.postgres = database.postgres_config();
  }
  return target;
}

}  // namespace espresso::node_query::testing
