#include <string>
#include <utility>

#include "common/hex.hpp"
#include "storage/migrations.hpp"
#include "storage/query_store.hpp"
#include "storage/sqlite_database.hpp"

namespace espresso::storage {
namespace {

// Columns of `blocks` in the order read_block expects them.
constexpr const char* kBlockColumns =
    "SELECT height, leaf_hash, block_hash, payload_hash, leaf, header, payload FROM blocks ";

std::int64_t as_column(std::uint64_t value) {
  return static_cast<std::int64_t>(value);
}
std::uint64_t from_column(std::int64_t value) {
  return static_cast<std::uint64_t>(value);
}

Result<Hash32> hash_column(const SqliteStatement& row, int index, const char* what) {
  const Bytes bytes = row.column_blob(index);
  if (bytes.size() != 32) {
    return fail(std::string("stored ") + what + " has " + std::to_string(bytes.size()) +
                " bytes, expected 32");
  }
  Hash32 hash{};
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}

class SqliteQueryStore final : public QueryStore {
 public:
  explicit SqliteQueryStore(SqliteDatabase db) : db_(std::move(db)) {}

  Status open() {
    auto version = run_migrations(db_, sqlite_migrations());
    if (!version) return fail(std::move(version).error());
    return {};
  }

  Status insert_block(const BlockRecord& block) override {
    auto inserted = db_.transaction([&]() -> Status {
      auto existing = leaf_hash_at(block.height);
      if (!existing) return fail(std::move(existing).error());
      if (*existing) {
        if (**existing == block.leaf_hash) return {};
        return fail("height " + std::to_string(block.height) + " already holds leaf " +
                    to_hex(**existing) + ", not " + to_hex(block.leaf_hash));
      }
      ESEQ_TRY_STATUS(insert_row(block));
      return insert_transactions(block);
    });
    if (!inserted) return fail(std::move(inserted).error().context("query store: insert block"));
    return {};
  }

  Result<std::optional<BlockRecord>> block_by_height(std::uint64_t height) override {
    return find_block("WHERE height = ?",
                      [&](SqliteStatement& q) { return q.bind_int(1, as_column(height)); });
  }

  Result<std::vector<BlockRecord>> blocks_in_range(std::uint64_t from,
                                                   std::uint64_t until) override {
    std::vector<BlockRecord> blocks;
    for (std::uint64_t height = from; height < until; ++height) {
      auto block = block_by_height(height);
      if (!block) return fail(std::move(block).error());
      if (*block) blocks.push_back(std::move(**block));
    }
    return blocks;
  }

  Result<std::optional<BlockRecord>> block_by_hash(const Hash32& block_hash) override {
    return find_block("WHERE block_hash = ?",
                      [&](SqliteStatement& q) { return q.bind_blob(1, block_hash); });
  }

  Result<std::optional<BlockRecord>> block_by_payload_hash(const Hash32& payload_hash) override {
    return find_block("WHERE payload_hash = ? ORDER BY height LIMIT 1",
                      [&](SqliteStatement& q) { return q.bind_blob(1, payload_hash); });
  }

  Result<std::optional<TransactionLocation>> transaction_by_hash(
      const Hash32& commitment) override {
    auto query = db_.cached(
        "SELECT t.height, t.position, t.namespace_id, b.block_hash FROM transactions t "
        "JOIN blocks b ON b.height = t.height WHERE t.commitment = ? "
        "ORDER BY t.height, t.position LIMIT 1");
    if (!query) return fail(std::move(query).error());
    ESEQ_TRY_STATUS((*query)->bind_blob(1, commitment));
    auto row = (*query)->step();
    if (!row) return fail(std::move(row).error());
    if (!*row) return std::optional<TransactionLocation>{};
    TransactionLocation location;
    location.height = from_column((*query)->column_int(0));
    location.index = from_column((*query)->column_int(1));
    location.namespace_id = from_column((*query)->column_int(2));
    auto hash = hash_column(**query, 3, "block hash");
    if (!hash) return fail(std::move(hash).error());
    location.block_hash = *hash;
    return std::optional(location);
  }

  Result<std::optional<BlockSummary>> summary(std::uint64_t height) override {
    auto query = db_.cached("SELECT transaction_count, payload_size FROM blocks WHERE height = ?");
    if (!query) return fail(std::move(query).error());
    ESEQ_TRY_STATUS((*query)->bind_int(1, as_column(height)));
    auto row = (*query)->step();
    if (!row) return fail(std::move(row).error());
    if (!*row) return std::optional<BlockSummary>{};
    return std::optional(BlockSummary{height, from_column((*query)->column_int(0)),
                                      from_column((*query)->column_int(1))});
  }

  Result<std::uint64_t> block_height() override {
    auto query = db_.cached("SELECT coalesce(max(height) + 1, 0) FROM blocks");
    if (!query) return fail(std::move(query).error());
    auto row = (*query)->step();
    if (!row) return fail(std::move(row).error());
    return from_column((*query)->column_int(0));
  }

 private:
  Result<std::optional<Hash32>> leaf_hash_at(std::uint64_t height) {
    auto query = db_.cached("SELECT leaf_hash FROM blocks WHERE height = ?");
    if (!query) return fail(std::move(query).error());
    ESEQ_TRY_STATUS((*query)->bind_int(1, as_column(height)));
    auto row = (*query)->step();
    if (!row) return fail(std::move(row).error());
    if (!*row) return std::optional<Hash32>{};
    auto hash = hash_column(**query, 0, "leaf hash");
    if (!hash) return fail(std::move(hash).error());
    return std::optional(*hash);
  }

  Status insert_row(const BlockRecord& block) {
    auto insert = db_.cached(
        "INSERT INTO blocks (height, leaf_hash, block_hash, payload_hash, leaf, header, payload, "
        "transaction_count, payload_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return fail(std::move(insert).error());
    ESEQ_TRY_STATUS((*insert)->bind_int(1, as_column(block.height)));
    ESEQ_TRY_STATUS((*insert)->bind_blob(2, block.leaf_hash));
    ESEQ_TRY_STATUS((*insert)->bind_blob(3, block.block_hash));
    ESEQ_TRY_STATUS((*insert)->bind_blob(4, block.payload_hash));
    ESEQ_TRY_STATUS((*insert)->bind_blob(5, block.leaf));
    ESEQ_TRY_STATUS((*insert)->bind_blob(6, block.header));
    ESEQ_TRY_STATUS((*insert)->bind_blob(7, block.payload));
    ESEQ_TRY_STATUS((*insert)->bind_int(8, as_column(block.transactions.size())));
    ESEQ_TRY_STATUS((*insert)->bind_int(9, as_column(block.payload.size())));
    return (*insert)->run();
  }

  Status insert_transactions(const BlockRecord& block) {
    auto insert = db_.cached(
        "INSERT INTO transactions (commitment, height, position, namespace_id) VALUES (?, ?, ?, "
        "?)");
    if (!insert) return fail(std::move(insert).error());
    for (std::size_t i = 0; i < block.transactions.size(); ++i) {
      ESEQ_TRY_STATUS((*insert)->bind_blob(1, block.transactions[i].commitment));
      ESEQ_TRY_STATUS((*insert)->bind_int(2, as_column(block.height)));
      ESEQ_TRY_STATUS((*insert)->bind_int(3, as_column(i)));
      ESEQ_TRY_STATUS((*insert)->bind_int(4, as_column(block.transactions[i].namespace_id)));
      ESEQ_TRY_STATUS((*insert)->run());
    }
    return {};
  }

  template <typename Bind>
  Result<std::optional<BlockRecord>> find_block(const char* where, Bind bind) {
    auto query = db_.cached(std::string(kBlockColumns) + where);
    if (!query) return fail(std::move(query).error());
    ESEQ_TRY_STATUS(bind(**query));
    auto row = (*query)->step();
    if (!row) return fail(std::move(row).error());
    if (!*row) return std::optional<BlockRecord>{};
    BlockRecord block;
    block.height = from_column((*query)->column_int(0));
    for (auto [index, target, what] : {std::tuple{1, &block.leaf_hash, "leaf hash"},
                                       std::tuple{2, &block.block_hash, "block hash"},
                                       std::tuple{3, &block.payload_hash, "payload hash"}}) {
      auto hash = hash_column(**query, index, what);
      if (!hash)
        return fail(std::move(hash).error().context("block " + std::to_string(block.height)));
      *target = *hash;
    }
    block.leaf = (*query)->column_blob(4);
    block.header = (*query)->column_blob(5);
    block.payload = (*query)->column_blob(6);
    auto transactions = read_transactions(block.height);
    if (!transactions) return fail(std::move(transactions).error());
    block.transactions = std::move(*transactions);
    return std::optional(std::move(block));
  }

  Result<std::vector<TransactionEntry>> read_transactions(std::uint64_t height) {
    auto query = db_.cached(
        "SELECT commitment, namespace_id FROM transactions WHERE height = ? ORDER BY position");
    if (!query) return fail(std::move(query).error());
    ESEQ_TRY_STATUS((*query)->bind_int(1, as_column(height)));
    std::vector<TransactionEntry> entries;
    for (;;) {
      auto row = (*query)->step();
      if (!row) return fail(std::move(row).error());
      if (!*row) break;
      auto commitment = hash_column(**query, 0, "transaction commitment");
      if (!commitment) return fail(std::move(commitment).error());
      entries.push_back(TransactionEntry{*commitment, from_column((*query)->column_int(1))});
    }
    return entries;
  }

  SqliteDatabase db_;
};

}  // namespace

Result<std::unique_ptr<QueryStore>> make_sqlite_query_store(const std::string& path) {
  auto db = SqliteDatabase::open(path, Durability::kNormal);
  if (!db) return fail(std::move(db).error());
  auto store = std::make_unique<SqliteQueryStore>(std::move(*db));
  ESEQ_TRY_STATUS(store->open());
  return std::unique_ptr<QueryStore>(std::move(store));
}

}  // namespace espresso::storage
