#pragma once
// The stores written once over SqlConnection; the backend factories (make_sqlite_*,
// make_postgres_*) open a connection and hand it here. Both migrate the schema first.

#include <memory>

#include "common/result.hpp"
#include "storage/consensus_store.hpp"
#include "storage/query_store.hpp"
#include "storage/sql_connection.hpp"

namespace espresso::storage {

Result<std::unique_ptr<QueryStore>> make_sql_query_store(std::unique_ptr<SqlConnection> db);
Result<std::unique_ptr<ConsensusStore>> make_sql_consensus_store(std::unique_ptr<SqlConnection> db);

}  // namespace espresso::storage
