#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

#include "common/hex.hpp"
#include "storage/blob_files.hpp"
#include "storage/migrations.hpp"
#include "storage/sql_stores.hpp"
#include "storage/transaction_hash_runs.hpp"

namespace espresso::storage {
namespace {

// Columns of `blocks` in the order read_block expects them.
constexpr std::string_view kBlockColumns =
    "SELECT height, timestamp, leaf_hash, block_hash, payload_hash, leaf, header, payload, "
    "vid_common, vid_share, blob_bytes, payload_size FROM blocks ";
// The same without payload and VID share, in the order read_block_metadata expects them.
constexpr std::string_view kMetadataColumns =
    "SELECT height, timestamp, leaf_hash, block_hash, payload_hash, leaf, header, vid_common "
    "FROM blocks ";
constexpr std::string_view kHeaderColumns = "SELECT height, timestamp, header FROM blocks ";
constexpr std::size_t kBlockInsertColumns = 13;
constexpr std::string_view kBlockInsert =
    "INSERT INTO blocks (height, timestamp, leaf_hash, block_hash, payload_hash, leaf, header, "
    "payload, vid_common, vid_share, transaction_count, payload_size, blob_bytes)";
constexpr std::string_view kTransactionInsert =
    "INSERT INTO transactions (commitment, height, position, namespace_id)";

// Heights are BIGINT columns: a bound past the signed range means "no bound".
SqlParam height_bound(std::uint64_t height) {
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  return sql_int(std::min(height, kMax));
}

// LIMIT for a window of at most `limit` rows plus one that tells whether it was cut.
SqlParam window_limit(std::size_t limit) {
  constexpr std::size_t kMaxWindow = 1'000'000;
  return sql_int(std::min(limit, kMaxWindow) + 1);
}

std::string concat(std::string_view a, std::string_view b) {
  std::string text(a);
  text += b;
  return text;
}

// Columns 0..6 of kBlockColumns and kMetadataColumns.
Result<BlockRecord> read_block_front(const SqlRow& row) {
  BlockRecord block;
  block.height = row.unsigned_integer(0);
  block.timestamp = row.unsigned_integer(1);
  for (auto [index, target, what] : {std::tuple{2u, &block.leaf_hash, "leaf hash"},
                                     std::tuple{3u, &block.block_hash, "block hash"},
                                     std::tuple{4u, &block.payload_hash, "payload hash"}}) {
    auto hash = row.hash(index, what);
    if (!hash)
      return fail(std::move(hash).error().context("block " + std::to_string(block.height)));
    *target = *hash;
  }
  block.leaf = row.blob(5);
  block.header = row.blob(6);
  return block;
}

Result<BlockRecord> read_block_metadata(const SqlRow& row) {
  auto block = read_block_front(row);
  if (!block) return block;
  block->vid_common = row.blob(7);
  return block;
}

HeaderEntry read_header(const SqlRow& row) {
  return HeaderEntry{row.unsigned_integer(0), row.unsigned_integer(1), row.blob(2)};
}

class SqlQueryStore final : public QueryStore {
  // Fills the `transactions` of `blocks` (records or listings, `index_of` maps a height to its
  // position) from the index rows of the heights in `range`.
  template <typename Block>
  Status attach_transactions(std::span<const SqlParam> range,
                             const std::unordered_map<std::uint64_t, std::size_t>& index_of,
                             std::vector<Block>& blocks) {
    auto transactions = db_->query(
        "SELECT height, commitment, namespace_id FROM transactions WHERE height >= ? AND "
        "height < ? ORDER BY height, position",
        range);
    if (!transactions) return fail(std::move(transactions).error());
    for (const auto& row : *transactions) {
      auto commitment = row.hash(1, "transaction commitment");
      if (!commitment) return fail(std::move(commitment).error());
      auto found = index_of.find(row.unsigned_integer(0));
      if (found == index_of.end()) continue;  // a block inserted between the two reads
      blocks[found->second].transactions.push_back(
          TransactionEntry{*commitment, row.unsigned_integer(2)});
    }
    return {};
  }

 public:
  SqlQueryStore(std::unique_ptr<SqlConnection> db, std::optional<BlobFiles> blobs,
                HashRunPolicy hash_runs)
      : db_(std::move(db)), blobs_(std::move(blobs)), hash_runs_(hash_runs) {}

  Status open() {
    auto version = run_migrations(*db_, migrations_for(db_->dialect()));
    if (!version) return fail(std::move(version).error());
    return {};
  }

  Status insert_block(const BlockRecord& block) override {
    return insert_blocks(std::span(&block, 1));
  }

  Status insert_blocks(std::span<const BlockRecord> blocks) override {
    if (blocks.empty()) return {};
    auto inserted = db_->transaction([&] { return insert_new(blocks); });
    if (!inserted) return fail(std::move(inserted).error().context("query store: insert blocks"));
    return {};
  }

  Result<std::optional<BlockRecord>> block_by_height(std::uint64_t height) override {
    const SqlParam key[] = {height_bound(height)};
    return find_block("WHERE height = ?", key);
  }

  Result<std::vector<BlockRecord>> blocks_in_range(std::uint64_t from,
                                                   std::uint64_t until) override {
    std::vector<BlockRecord> blocks;
    if (until <= from) return blocks;
    const SqlParam range[] = {height_bound(from), height_bound(until)};
    auto rows = db_->query(
        concat(kBlockColumns, "WHERE height >= ? AND height < ? ORDER BY height"), range);
    if (!rows) return fail(std::move(rows).error());
    std::unordered_map<std::uint64_t, std::size_t> index_of;
    for (const auto& row : *rows) {
      auto block = read_block(row);
      if (!block) return fail(std::move(block).error());
      index_of.emplace(block->height, blocks.size());
      blocks.push_back(std::move(*block));
    }
    ESEQ_TRY_STATUS(attach_transactions(range, index_of, blocks));
    return blocks;
  }

  Result<std::vector<BlockRecord>> block_metadata_in_range(std::uint64_t from,
                                                           std::uint64_t until) override {
    std::vector<BlockRecord> blocks;
    if (until <= from) return blocks;
    const SqlParam range[] = {height_bound(from), height_bound(until)};
    auto rows = db_->query(
        concat(kMetadataColumns, "WHERE height >= ? AND height < ? ORDER BY height"), range);
    if (!rows) return fail(std::move(rows).error());
    for (const auto& row : *rows) {
      auto block = read_block_metadata(row);
      if (!block) return fail(std::move(block).error());
      blocks.push_back(std::move(*block));
    }
    return blocks;
  }

  Result<std::optional<BlockRecord>> block_by_hash(const Hash32& block_hash) override {
    const SqlParam key[] = {sql_blob(block_hash)};
    return find_block("WHERE block_hash = ?", key);
  }

  Result<std::optional<BlockRecord>> block_by_payload_hash(const Hash32& payload_hash) override {
    const SqlParam key[] = {sql_blob(payload_hash)};
    return find_block("WHERE payload_hash = ? ORDER BY height LIMIT 1", key);
  }

  Result<std::optional<BlockRecord>> block_by_leaf_hash(const Hash32& leaf_hash) override {
    const SqlParam key[] = {sql_blob(leaf_hash)};
    return find_block("WHERE leaf_hash = ?", key);
  }

  Result<std::optional<HeaderEntry>> header_by_height(std::uint64_t height) override {
    const SqlParam key[] = {height_bound(height)};
    return find_header(concat(kHeaderColumns, "WHERE height = ?"), key);
  }

  Result<std::optional<TransactionLocation>> transaction_by_hash(
      const Hash32& commitment) override {
    return hash_runs_.find(*db_, commitment);
  }

  Result<bool> compact() override { return hash_runs_.compact_step(*db_); }

  Result<std::vector<BlockListing>> listings_in_range(std::uint64_t from,
                                                      std::uint64_t until) override {
    std::vector<BlockListing> listings;
    if (until <= from) return listings;
    const SqlParam range[] = {height_bound(from), height_bound(until)};
    auto rows = db_->query(
        "SELECT height, timestamp, block_hash, payload_size FROM blocks WHERE height >= ? AND "
        "height < ? ORDER BY height",
        range);
    if (!rows) return fail(std::move(rows).error());
    std::unordered_map<std::uint64_t, std::size_t> index_of;
    for (const auto& row : *rows) {
      BlockListing listing;
      listing.height = row.unsigned_integer(0);
      listing.timestamp = row.unsigned_integer(1);
      auto hash = row.hash(2, "block hash");
      if (!hash) {
        return fail(std::move(hash).error().context("block " + std::to_string(listing.height)));
      }
      listing.block_hash = *hash;
      listing.payload_size = row.unsigned_integer(3);
      index_of.emplace(listing.height, listings.size());
      listings.push_back(std::move(listing));
    }
    ESEQ_TRY_STATUS(attach_transactions(range, index_of, listings));
    return listings;
  }

  Result<std::optional<BlockSummary>> summary(std::uint64_t height) override {
    const SqlParam key[] = {height_bound(height)};
    auto rows =
        db_->query("SELECT transaction_count, payload_size FROM blocks WHERE height = ?", key);
    if (!rows) return fail(std::move(rows).error());
    if (rows->empty()) return std::optional<BlockSummary>{};
    return std::optional(
        BlockSummary{height, rows->front().unsigned_integer(0), rows->front().unsigned_integer(1)});
  }

  Result<std::vector<BlockSummary>> summaries_in_range(std::uint64_t from,
                                                       std::uint64_t until) override {
    std::vector<BlockSummary> summaries;
    if (until <= from) return summaries;
    const SqlParam range[] = {height_bound(from), height_bound(until)};
    auto rows = db_->query(
        "SELECT height, transaction_count, payload_size FROM blocks WHERE height >= ? AND "
        "height < ? ORDER BY height",
        range);
    if (!rows) return fail(std::move(rows).error());
    for (const auto& row : *rows) {
      summaries.push_back(
          BlockSummary{row.unsigned_integer(0), row.unsigned_integer(1), row.unsigned_integer(2)});
    }
    return summaries;
  }

  Result<SyncCounts> sync_counts() override {
    SyncCounts counts;
    auto height = block_height();
    if (!height) return fail(std::move(height).error());
    counts.block_height = *height;
    auto rows = db_->query(
        "SELECT count(*), CAST(coalesce(sum(CASE WHEN vid_share IS NULL THEN 1 ELSE 0 END), 0) "
        "AS BIGINT) FROM blocks",
        {});
    if (!rows) return fail(std::move(rows).error());
    counts.stored_blocks = rows->front().unsigned_integer(0);
    counts.blocks_without_vid_share = rows->front().unsigned_integer(1);
    auto pruned = pruned_height();
    if (!pruned) return fail(std::move(pruned).error());
    counts.pruned_height = *pruned;
    return counts;
  }

  Result<std::uint64_t> block_height() override {
    auto stored = single_count("SELECT coalesce(max(height) + 1, 0) FROM blocks", {});
    if (!stored) return stored;
    // The pruner keeps the newest block, but a store may also start above a pruned range.
    auto pruned = pruned_height();
    if (!pruned) return fail(std::move(pruned).error());
    return *pruned ? std::max(*stored, **pruned + 1) : *stored;
  }

  Result<std::uint64_t> transaction_count(std::uint64_t from, std::uint64_t until,
                                          std::optional<std::uint64_t> namespace_id) override {
    if (until <= from) return 0;
    if (namespace_id) {
      const SqlParam params[] = {height_bound(from), height_bound(until), sql_int(*namespace_id)};
      return single_count(
          "SELECT count(*) FROM transactions WHERE height >= ? AND height < ? AND "
          "namespace_id = ?",
          params);
    }
    const SqlParam params[] = {height_bound(from), height_bound(until)};
    return single_count(
        "SELECT CAST(coalesce(sum(transaction_count), 0) AS BIGINT) FROM blocks "
        "WHERE height >= ? AND height < ?",
        params);
  }

  Result<std::uint64_t> payload_size(std::uint64_t from, std::uint64_t until) override {
    if (until <= from) return 0;
    const SqlParam params[] = {height_bound(from), height_bound(until)};
    return single_count(
        "SELECT CAST(coalesce(sum(payload_size), 0) AS BIGINT) FROM blocks "
        "WHERE height >= ? AND height < ?",
        params);
  }

  Result<HeaderWindow> header_window(std::uint64_t start, std::uint64_t end,
                                     std::size_t limit) override {
    HeaderWindow result;
    const SqlParam window[] = {height_bound(start), height_bound(end), window_limit(limit)};
    ESEQ_TRY_STATUS(read_window(
        result,
        concat(kHeaderColumns,
               "WHERE timestamp >= ? AND timestamp < ? ORDER BY timestamp, height LIMIT ?"),
        window, limit));
    const SqlParam before[] = {height_bound(start)};
    auto prev = find_header(
        concat(kHeaderColumns, "WHERE timestamp < ? ORDER BY timestamp DESC, height DESC LIMIT 1"),
        before);
    if (!prev) return fail(std::move(prev).error());
    result.prev = std::move(*prev);
    if (!result.truncated) {
      const SqlParam after[] = {height_bound(end)};
      auto next = find_header(
          concat(kHeaderColumns, "WHERE timestamp >= ? ORDER BY timestamp, height LIMIT 1"), after);
      if (!next) return fail(std::move(next).error());
      result.next = std::move(*next);
    }
    return result;
  }

  Result<HeaderWindow> header_window_from(std::uint64_t height, std::uint64_t end,
                                          std::size_t limit) override {
    HeaderWindow result;
    const SqlParam window[] = {height_bound(height), height_bound(end), window_limit(limit)};
    ESEQ_TRY_STATUS(read_window(
        result,
        concat(kHeaderColumns, "WHERE height >= ? AND timestamp < ? ORDER BY height LIMIT ?"),
        window, limit));
    if (height > 0) {
      auto prev = header_by_height(height - 1);
      if (!prev) return fail(std::move(prev).error());
      result.prev = std::move(*prev);
    }
    if (!result.truncated) {
      const SqlParam after[] = {height_bound(height), height_bound(end)};
      auto next = find_header(
          concat(kHeaderColumns, "WHERE height >= ? AND timestamp >= ? ORDER BY height LIMIT 1"),
          after);
      if (!next) return fail(std::move(next).error());
      result.next = std::move(*next);
    }
    return result;
  }

  Result<std::optional<std::uint64_t>> pruned_height() override {
    auto rows = db_->query("SELECT height FROM pruned_height WHERE id = 1", {});
    if (!rows) return fail(std::move(rows).error());
    if (rows->empty()) return std::optional<std::uint64_t>{};
    return std::optional(rows->front().unsigned_integer(0));
  }

 private:
  // Inside the transaction: skips stored and pruned heights, refuses conflicting leaves, and
  // writes the rest with one bulk insert per table.
  Status insert_new(std::span<const BlockRecord> blocks) {
    auto pruned = pruned_height();
    if (!pruned) return fail(std::move(pruned).error());
    const auto [lowest, highest] = std::ranges::minmax_element(
        blocks, [](const BlockRecord& a, const BlockRecord& b) { return a.height < b.height; });
    const SqlParam range[] = {height_bound(lowest->height), height_bound(highest->height)};
    auto rows =
        db_->query("SELECT height, leaf_hash FROM blocks WHERE height >= ? AND height <= ?", range);
    if (!rows) return fail(std::move(rows).error());
    std::unordered_map<std::uint64_t, Hash32> stored;
    for (const auto& row : *rows) {
      auto hash = row.hash(1, "leaf hash");
      if (!hash) return fail(std::move(hash).error());
      stored.emplace(row.unsigned_integer(0), *hash);
    }
    std::vector<SqlParam> block_rows;
    std::vector<SqlParam> transaction_rows;
    std::vector<TransactionHashEntry> hash_entries;
    for (const BlockRecord& block : blocks) {
      if (*pruned && block.height <= **pruned) continue;
      auto [existing, fresh] = stored.emplace(block.height, block.leaf_hash);
      if (!fresh) {
        if (existing->second == block.leaf_hash) continue;
        return fail("height " + std::to_string(block.height) + " already holds leaf " +
                    to_hex(existing->second) + ", not " + to_hex(block.leaf_hash));
      }
      auto blob_bytes = write_blob_file(block);
      if (!blob_bytes) return fail(std::move(blob_bytes).error());
      append_block_row(block_rows, block, *blob_bytes);
      for (std::size_t i = 0; i < block.transactions.size(); ++i) {
        const auto& tx = block.transactions[i];
        transaction_rows.insert(
            transaction_rows.end(),
            {sql_blob(tx.commitment), sql_int(block.height), sql_int(i), sql_int(tx.namespace_id)});
        hash_entries.push_back(TransactionHashEntry{tx.commitment, block.height, i});
      }
    }
    if (!block_rows.empty()) {
      ESEQ_TRY_STATUS(db_->insert_rows(kBlockInsert, kBlockInsertColumns, block_rows));
    }
    if (!transaction_rows.empty()) {
      ESEQ_TRY_STATUS(db_->insert_rows(kTransactionInsert, 4, transaction_rows));
    }
    return hash_runs_.append(*db_, hash_entries);
  }

  // Writes a large block's payload and share to its blob file (before the row that names it
  // commits); 0 when they stay in the row.
  Result<std::uint64_t> write_blob_file(const BlockRecord& block) {
    const std::size_t size = block.payload.size() + (block.vid_share ? block.vid_share->size() : 0);
    if (!blobs_ || size < kBlobFileThreshold) return std::uint64_t{0};
    return blobs_->write(block.height, block.payload, block.vid_share);
  }

  // A row whose blobs are in a file keeps an empty payload, and an empty share when it has one
  // (so `vid_share IS NULL` still means "no share").
  static void append_block_row(std::vector<SqlParam>& rows, const BlockRecord& block,
                               std::uint64_t blob_bytes) {
    const bool in_file = blob_bytes > 0;
    const SqlParam share = !block.vid_share ? sql_null()
                           : in_file        ? sql_blob(ByteView{})
                                            : sql_blob(*block.vid_share);
    rows.insert(rows.end(),
                {sql_int(block.height), sql_int(block.timestamp), sql_blob(block.leaf_hash),
                 sql_blob(block.block_hash), sql_blob(block.payload_hash), sql_blob(block.leaf),
                 sql_blob(block.header), sql_blob(in_file ? ByteView{} : ByteView(block.payload)),
                 sql_blob(block.vid_common), share, sql_int(block.transactions.size()),
                 sql_int(block.payload.size()), sql_int(blob_bytes)});
  }

  Result<BlockRecord> read_block(const SqlRow& row) const {
    auto block = read_block_front(row);
    if (!block) return block;
    block->vid_common = row.blob(8);
    if (row.unsigned_integer(10) == 0) {
      block->payload = row.blob(7);
      if (!row.is_null(9)) block->vid_share = row.blob(9);
      return block;
    }
    const std::string what = "block " + std::to_string(block->height);
    if (!blobs_) return fail(what + ": its payload is in a blob file, and this store has none");
    auto blobs = blobs_->read(block->height);
    if (!blobs) return fail(std::move(blobs).error().context(what));
    if (blobs->payload.size() != row.unsigned_integer(11) ||
        blobs->vid_share.has_value() == row.is_null(9)) {
      return fail(what + ": its blob file holds a " + std::to_string(blobs->payload.size()) +
                  "-byte payload " + (blobs->vid_share ? "and" : "without") +
                  " a VID share, the row a " + std::to_string(row.unsigned_integer(11)) +
                  "-byte payload " + (row.is_null(9) ? "without" : "and") + " a VID share");
    }
    block->payload = std::move(blobs->payload);
    block->vid_share = std::move(blobs->vid_share);
    return block;
  }

  Result<std::optional<BlockRecord>> find_block(std::string_view where,
                                                std::span<const SqlParam> key) {
    auto rows = db_->query(concat(kBlockColumns, where), key);
    if (!rows) return fail(std::move(rows).error());
    if (rows->empty()) return std::optional<BlockRecord>{};
    auto block = read_block(rows->front());
    if (!block) return fail(std::move(block).error());
    const SqlParam height[] = {sql_int(block->height)};
    auto transactions = db_->query(
        "SELECT commitment, namespace_id FROM transactions WHERE height = ? ORDER BY position",
        height);
    if (!transactions) return fail(std::move(transactions).error());
    for (const auto& row : *transactions) {
      auto commitment = row.hash(0, "transaction commitment");
      if (!commitment) return fail(std::move(commitment).error());
      block->transactions.push_back(TransactionEntry{*commitment, row.unsigned_integer(1)});
    }
    return std::optional(std::move(*block));
  }

  Result<std::optional<HeaderEntry>> find_header(const std::string& sql,
                                                 std::span<const SqlParam> params) {
    auto rows = db_->query(sql, params);
    if (!rows) return fail(std::move(rows).error());
    if (rows->empty()) return std::optional<HeaderEntry>{};
    return std::optional(read_header(rows->front()));
  }

  Status read_window(HeaderWindow& result, const std::string& sql, std::span<const SqlParam> params,
                     std::size_t limit) {
    auto rows = db_->query(sql, params);
    if (!rows) return fail(std::move(rows).error());
    result.truncated = rows->size() > limit;
    for (std::size_t i = 0; i < std::min(rows->size(), limit); ++i) {
      result.window.push_back(read_header((*rows)[i]));
    }
    return {};
  }

  Result<std::uint64_t> single_count(std::string_view sql, std::span<const SqlParam> params) {
    auto rows = db_->query(sql, params);
    if (!rows) return fail(std::move(rows).error());
    return rows->empty() ? 0 : rows->front().unsigned_integer(0);
  }

  std::unique_ptr<SqlConnection> db_;
  std::optional<BlobFiles> blobs_;
  TransactionHashRuns hash_runs_;
};

}  // namespace

Result<std::unique_ptr<QueryStore>> make_sql_query_store(std::unique_ptr<SqlConnection> db,
                                                         std::optional<BlobFiles> blobs,
                                                         HashRunPolicy hash_runs) {
  auto store = std::make_unique<SqlQueryStore>(std::move(db), std::move(blobs), hash_runs);
  ESEQ_TRY_STATUS(store->open());
  return std::unique_ptr<QueryStore>(std::move(store));
}

}  // namespace espresso::storage
