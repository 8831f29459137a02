#pragma once
// The query store: decided blocks as the availability and node APIs serve them, looked up by
// height, block hash, payload hash, transaction commitment and header timestamp. Rows hold the
// already-encoded leaf, header, payload and VID data (the types and vid layers own those
// formats), plus the keys and per-block aggregates the routes need. Backends: SQLite
// (synchronous=NORMAL: a power loss may lose the newest blocks, which catch-up fetches again) and
// PostgreSQL. A store object is one connection: use it from one thread at a time.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
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
  std::uint64_t timestamp = 0;  // the header's timestamp (seconds), for header/window
  Hash32 leaf_hash{};
  Hash32 block_hash{};  // header commitment
  Hash32 payload_hash{};
  Bytes leaf;  // encoded leaf with its QC
  Bytes header;
  Bytes payload;
  Bytes vid_common;                            // VID common data of the payload
  std::optional<Bytes> vid_share;              // this node's VID share, when it holds one
  std::vector<TransactionEntry> transactions;  // in payload order
};

// A block as a list of blocks or transactions shows it (the explorer): its keys, timestamp,
// payload size and transaction index, without leaf, header, payload or VID data.
struct BlockListing {
  std::uint64_t height = 0;
  std::uint64_t timestamp = 0;
  Hash32 block_hash{};
  std::uint64_t payload_size = 0;
  std::vector<TransactionEntry> transactions;  // in payload order
};
BlockListing listing_of(const BlockRecord& block);

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

struct HeaderEntry {
  std::uint64_t height = 0;
  std::uint64_t timestamp = 0;
  Bytes header;
};

// Answer to header/window/:start/:end (upstream TimeWindowQueryData): the headers with
// start <= timestamp < end in height order, the last header before the window and the first
// one after it (absent when the chain does not reach that far yet).
struct HeaderWindow {
  std::vector<HeaderEntry> window;
  std::optional<HeaderEntry> prev;
  std::optional<HeaderEntry> next;
  bool truncated = false;  // more than `limit` headers matched; `window` holds the first `limit`
};

// Counts for the node API's sync-status: missing = block_height - (pruned_height + 1 or 0)
// - stored_blocks; every stored block has its leaf and VID common data, but not always this
// node's share.
struct SyncCounts {
  std::uint64_t block_height = 0;  // as block_height()
  std::uint64_t stored_blocks = 0;
  std::uint64_t blocks_without_vid_share = 0;
  std::optional<std::uint64_t> pruned_height;
};

class QueryStore {
 public:
  virtual ~QueryStore() = default;

  // Stores a decided block and indexes its transactions, atomically. Inserting the same height
  // again with the same leaf is a no-op; a different leaf at a stored height is an error. Heights
  // at or below the pruned height are skipped (they would be pruned again).
  virtual Status insert_block(const BlockRecord& block) = 0;
  // The same for many blocks in one transaction (catch-up, bulk load): all or nothing.
  virtual Status insert_blocks(std::span<const BlockRecord> blocks) = 0;

  virtual Result<std::optional<BlockRecord>> block_by_height(std::uint64_t height) = 0;
  // Blocks with heights in [from, until) that are stored, in height order; the API enforces the
  // range limit before calling.
  virtual Result<std::vector<BlockRecord>> blocks_in_range(std::uint64_t from,
                                                           std::uint64_t until) = 0;
  // The same records without their payload, VID share and transaction index, for answers that
  // need none of them (leaf and VID-common ranges): much less to read.
  virtual Result<std::vector<BlockRecord>> block_metadata_in_range(std::uint64_t from,
                                                                   std::uint64_t until) = 0;
  virtual Result<std::optional<BlockRecord>> block_by_hash(const Hash32& block_hash) = 0;
  virtual Result<std::optional<BlockRecord>> block_by_payload_hash(const Hash32& payload_hash) = 0;
  virtual Result<std::optional<BlockRecord>> block_by_leaf_hash(const Hash32& leaf_hash) = 0;
  // Only the header, without reading leaf, payload and VID data (the hot route).
  virtual Result<std::optional<HeaderEntry>> header_by_height(std::uint64_t height) = 0;
  // The first (lowest-height) occurrence of the transaction.
  virtual Result<std::optional<TransactionLocation>> transaction_by_hash(
      const Hash32& commitment) = 0;
  virtual Result<std::optional<BlockSummary>> summary(std::uint64_t height) = 0;
  // Summaries of the stored blocks with heights in [from, until), in height order, without
  // reading payloads (explorer, block summaries). The default asks summary() per height (for
  // decorators and fakes); the SQL stores answer with one query.
  virtual Result<std::vector<BlockSummary>> summaries_in_range(std::uint64_t from,
                                                               std::uint64_t until);
  // Listings of the stored blocks with heights in [from, until), in height order. The default
  // reads whole blocks (for decorators and fakes); the SQL stores read no payload, so a page of
  // 100 listings of 4 MB blocks costs kilobytes, not 400 MB.
  virtual Result<std::vector<BlockListing>> listings_in_range(std::uint64_t from,
                                                              std::uint64_t until);
  // One past the highest stored height (0 when empty).
  virtual Result<std::uint64_t> block_height() = 0;

  // Sums over the stored blocks with heights in [from, until); with `namespace_id`, only that
  // namespace's transactions are counted.
  virtual Result<std::uint64_t> transaction_count(
      std::uint64_t from, std::uint64_t until,
      std::optional<std::uint64_t> namespace_id = std::nullopt) = 0;
  virtual Result<std::uint64_t> payload_size(std::uint64_t from, std::uint64_t until) = 0;

  // Headers with start <= timestamp < end, at most `limit` of them.
  virtual Result<HeaderWindow> header_window(std::uint64_t start, std::uint64_t end,
                                             std::size_t limit) = 0;
  // header/window/from/:height/:end: headers from `height` on with timestamp < end.
  virtual Result<HeaderWindow> header_window_from(std::uint64_t height, std::uint64_t end,
                                                  std::size_t limit) = 0;

  // The highest height the pruner removed (every block at or below it is gone on purpose), or
  // nullopt when nothing was pruned.
  virtual Result<std::optional<std::uint64_t>> pruned_height() = 0;
  // The default composes the other calls (reads every block); the SQL stores count in SQL.
  virtual Result<SyncCounts> sync_counts();
  // One bounded step of upkeep after inserts (merging the transaction index's runs,
  // transaction_hash_runs.hpp): true when it did one, so callers repeat it while they have
  // nothing else to do. Writers run it after publishing what they inserted, so upkeep never
  // delays a decided block's visibility. Stores without such an index answer false.
  virtual Result<bool> compact();
};

// Opens (creating and migrating if needed) the SQLite database at `path`; it may be the same file
// as the consensus store's.
Result<std::unique_ptr<QueryStore>> make_sqlite_query_store(const std::string& path);

}  // namespace espresso::storage
