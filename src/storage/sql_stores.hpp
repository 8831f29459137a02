#pragma once
// The stores written once over SqlConnection; the backend factories (make_sqlite_*,
// make_postgres_*) open a connection and hand it here. Both migrate the schema first.

#include <memory>

#include "common/result.hpp"
#include "storage/blob_files.hpp"
#include "storage/consensus_store.hpp"
#include "storage/query_store.hpp"
#include "storage/sql_connection.hpp"
#include "storage/transaction_hash_runs.hpp"

namespace espresso::storage {

// With `blobs`, large payloads and shares go to files there (SQLite; see blob_files.hpp). Tests
// pass a small `hash_runs` policy to see the transaction index seal and merge runs.
Result<std::unique_ptr<QueryStore>> make_sql_query_store(std::unique_ptr<SqlConnection> db,
                                                         std::optional<BlobFiles> blobs = {},
                                                         HashRunPolicy hash_runs = {});
// With `files`, records of kBlobFileThreshold bytes and more (DA payloads, VID shares) go to
// synced files there (SQLite): written once, where the WAL writes them and checkpoints them again.
Result<std::unique_ptr<ConsensusStore>> make_sql_consensus_store(
    std::unique_ptr<SqlConnection> db, std::optional<std::filesystem::path> files = {});

}  // namespace espresso::storage
