#pragma once
// The query store: decided blocks as the availability and node APIs serve them, looked up by
// height, block hash, payload hash and transaction commitment. Rows hold the already-encoded leaf,
// header and payload (the types layer owns those formats), plus the keys and per-block aggregates
// the routes need. Backends: SQLite here (synchronous=NORMAL: a power loss may lose the newest
// blocks, which catch-up fetches again), PostgreSQL later.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace espresso::storage {

struct TransactionEntry {
  Hash32 commitment{};
  std::uint64_t namespace_id = 0;
};

struct BlockRecord {
  std::uint64_t height = 0;
  Hash32 leaf_hash{};
  Hash32 block_hash{};  // header commitment
  Hash32 payload_hash{};
  Bytes leaf;  // encoded leaf with its QC
  Bytes header;
  Bytes payload;
  std::vector<TransactionEntry> transactions;  // in payload order
};

struct TransactionLocation {
  std::uint64_t height = 0;
  std::uint64_t index = 0;  // position in the block's payload
  std::uint64_t namespace_id = 0;
  Hash32 block_hash{};
};

struct BlockSummary {
  std::uint64_t height = 0;
  std::uint64_t transaction_count = 0;
  std::uint64_t payload_size = 0;
};

class QueryStore {
 public:
  virtual ~QueryStore() = default;

  // Stores a decided block and indexes its transactions, atomically. Inserting the same height
  // again with the same leaf is a no-op; a different leaf at a stored height is an error.
  virtual Status insert_block(const BlockRecord& block) = 0;

  virtual Result<std::optional<BlockRecord>> block_by_height(std::uint64_t height) = 0;
  // Blocks with heights in [from, until) that are stored, in height order; the API enforces the
  // range limit before calling.
  virtual Result<std::vector<BlockRecord>> blocks_in_range(std::uint64_t from,
                                                           std::uint64_t until) = 0;
  virtual Result<std::optional<BlockRecord>> block_by_hash(const Hash32& block_hash) = 0;
  virtual Result<std::optional<BlockRecord>> block_by_payload_hash(const Hash32& payload_hash) = 0;
  // The first (lowest-height) occurrence of the transaction.
  virtual Result<std::optional<TransactionLocation>> transaction_by_hash(
      const Hash32& commitment) = 0;
  virtual Result<std::optional<BlockSummary>> summary(std::uint64_t height) = 0;
  // One past the highest stored height (0 when empty).
  virtual Result<std::uint64_t> block_height() = 0;
};

// Opens (creating and migrating if needed) the SQLite database at `path`; it may be the same file
// as the consensus store's.
Result<std::unique_ptr<QueryStore>> make_sqlite_query_store(const std::string& path);

}  // namespace espresso::storage
