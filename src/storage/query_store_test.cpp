// The query store suite, run against SQLite and PostgreSQL (test_backends.hpp).

#include <atomic>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "storage/blob_files.hpp"
#include "storage/consensus_test_records.hpp"
#include "storage/migrations.hpp"
#include "storage/test_backends.hpp"

namespace espresso::storage {
namespace {

using testing::Backend;
using testing::filled_hash;

BlockRecord make_block(std::uint64_t height) {
  BlockRecord block;
  block.height = height;
  block.timestamp = 1000 + height * 10;
  block.leaf_hash = filled_hash(static_cast<std::uint8_t>(height));
  block.block_hash = filled_hash(static_cast<std::uint8_t>(height + 100));
  block.payload_hash = filled_hash(static_cast<std::uint8_t>(height + 200));
  block.leaf = Bytes{1, static_cast<std::uint8_t>(height)};
  block.header = Bytes{2, static_cast<std::uint8_t>(height)};
  block.payload = Bytes(10 + height, 0x5a);
  block.vid_common = Bytes{3, static_cast<std::uint8_t>(height), 0};
  if (height % 2 == 0) block.vid_share = Bytes{4, static_cast<std::uint8_t>(height)};
  for (std::uint64_t i = 0; i < height % 4; ++i) {
    block.transactions.push_back(
        TransactionEntry{filled_hash(static_cast<std::uint8_t>(50 + height * 4 + i)), 7 + i});
  }
  return block;
}

void expect_block(const std::optional<BlockRecord>& actual, const BlockRecord& expected) {
  ASSERT_TRUE(actual.has_value());
  EXPECT_EQ(actual->height, expected.height);
  EXPECT_EQ(actual->timestamp, expected.timestamp);
  EXPECT_EQ(actual->leaf_hash, expected.leaf_hash);
  EXPECT_EQ(actual->block_hash, expected.block_hash);
  EXPECT_EQ(actual->payload_hash, expected.payload_hash);
  EXPECT_EQ(actual->leaf, expected.leaf);
  EXPECT_EQ(actual->header, expected.header);
  EXPECT_EQ(actual->payload, expected.payload);
  EXPECT_EQ(actual->vid_common, expected.vid_common);
  EXPECT_EQ(actual->vid_share, expected.vid_share);
  ASSERT_EQ(actual->transactions.size(), expected.transactions.size());
  for (std::size_t i = 0; i < expected.transactions.size(); ++i) {
    EXPECT_EQ(actual->transactions[i].commitment, expected.transactions[i].commitment);
    EXPECT_EQ(actual->transactions[i].namespace_id, expected.transactions[i].namespace_id);
  }
}

std::vector<std::uint64_t> heights_of(const std::vector<HeaderEntry>& headers) {
  std::vector<std::uint64_t> heights;
  for (const auto& header : headers) heights.push_back(header.height);
  return heights;
}

class QueryStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (!db_.available()) GTEST_SKIP() << testing::kNoPostgres;
    auto opened = db_.query_store();
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    for (std::uint64_t height = 0; height < 8; ++height) {
      ASSERT_TRUE(store_->insert_block(make_block(height)));
    }
  }
  testing::TestDatabase db_{GetParam()};
  std::unique_ptr<QueryStore> store_;
};

TEST_P(QueryStoreTest, FindsBlocksByHeightHashPayloadHashAndLeafHash) {
  EXPECT_EQ(store_->block_height().value(), 8u);
  const BlockRecord five = make_block(5);
  expect_block(store_->block_by_height(5).value(), five);
  expect_block(store_->block_by_hash(five.block_hash).value(), five);
  expect_block(store_->block_by_payload_hash(five.payload_hash).value(), five);
  expect_block(store_->block_by_leaf_hash(five.leaf_hash).value(), five);
  EXPECT_FALSE(store_->block_by_leaf_hash(filled_hash(0xee)).value().has_value());
  expect_block(store_->block_by_height(4).value(), make_block(4));  // with a VID share
  EXPECT_FALSE(store_->block_by_height(8).value().has_value());
  EXPECT_FALSE(store_->block_by_height(UINT64_MAX).value().has_value());
  EXPECT_FALSE(store_->block_by_hash(filled_hash(0xee)).value().has_value());
}

TEST_P(QueryStoreTest, ReadsHeadersAlone) {
  auto header = store_->header_by_height(6);
  ASSERT_TRUE(header) << header.error().message;
  ASSERT_TRUE(header->has_value());
  EXPECT_EQ((*header)->height, 6u);
  EXPECT_EQ((*header)->timestamp, 1060u);
  EXPECT_EQ((*header)->header, make_block(6).header);
  EXPECT_FALSE(store_->header_by_height(9).value().has_value());
}

TEST_P(QueryStoreTest, ReturnsStoredBlocksOfARange) {
  auto range = store_->blocks_in_range(6, 10);
  ASSERT_TRUE(range) << range.error().message;
  ASSERT_EQ(range->size(), 2u);
  expect_block((*range)[0], make_block(6));
  expect_block((*range)[1], make_block(7));
  EXPECT_TRUE(store_->blocks_in_range(3, 3).value().empty());
  EXPECT_TRUE(store_->blocks_in_range(5, 2).value().empty());
  EXPECT_EQ(store_->blocks_in_range(0, UINT64_MAX).value().size(), 8u);
}

TEST_P(QueryStoreTest, ReturnsBlockMetadataOfARangeWithoutPayloadShareOrTransactions) {
  auto range = store_->block_metadata_in_range(3, 10);
  ASSERT_TRUE(range) << range.error().message;
  ASSERT_EQ(range->size(), 5u);
  for (std::size_t i = 0; i < range->size(); ++i) {
    BlockRecord expected = make_block(3 + i);
    expected.payload.clear();
    expected.vid_share.reset();
    expected.transactions.clear();
    const BlockRecord& got = (*range)[i];
    EXPECT_EQ(got.height, expected.height);
    EXPECT_EQ(got.leaf_hash, expected.leaf_hash);
    EXPECT_EQ(got.block_hash, expected.block_hash);
    EXPECT_EQ(got.payload_hash, expected.payload_hash);
    EXPECT_EQ(got.leaf, expected.leaf);
    EXPECT_EQ(got.header, expected.header);
    EXPECT_EQ(got.vid_common, expected.vid_common);
    EXPECT_TRUE(got.payload.empty());
    EXPECT_FALSE(got.vid_share.has_value());
    EXPECT_TRUE(got.transactions.empty());
  }
  EXPECT_TRUE(store_->block_metadata_in_range(5, 2).value().empty());
}

TEST_P(QueryStoreTest, IndexesTransactionsByCommitment) {
  const BlockRecord seven = make_block(7);  // 3 transactions
  auto location = store_->transaction_by_hash(seven.transactions[2].commitment);
  ASSERT_TRUE(location) << location.error().message;
  ASSERT_TRUE(location->has_value());
  EXPECT_EQ((*location)->height, 7u);
  EXPECT_EQ((*location)->index, 2u);
  EXPECT_EQ((*location)->namespace_id, 9u);
  EXPECT_EQ((*location)->block_hash, seven.block_hash);
  EXPECT_FALSE(store_->transaction_by_hash(filled_hash(0xfe)).value().has_value());
}

TEST_P(QueryStoreTest, SummariesCarryCountAndPayloadSize) {
  auto summary = store_->summary(6);
  ASSERT_TRUE(summary);
  ASSERT_TRUE(summary->has_value());
  EXPECT_EQ((*summary)->transaction_count, 2u);
  EXPECT_EQ((*summary)->payload_size, 16u);
  EXPECT_FALSE(store_->summary(8).value().has_value());
}

// Heights 0..7 hold 0,1,2,3,0,1,2,3 transactions in namespaces 7, 8, 9 and 10+height payload
// bytes.
TEST_P(QueryStoreTest, CountsTransactionsAndPayloadBytesOverRanges) {
  EXPECT_EQ(store_->transaction_count(0, 8).value(), 12u);
  EXPECT_EQ(store_->transaction_count(2, 4).value(), 5u);
  EXPECT_EQ(store_->transaction_count(0, UINT64_MAX).value(), 12u);
  EXPECT_EQ(store_->transaction_count(4, 4).value(), 0u);
  EXPECT_EQ(store_->transaction_count(0, 8, 7).value(), 6u);
  EXPECT_EQ(store_->transaction_count(0, 8, 9).value(), 2u);
  EXPECT_EQ(store_->transaction_count(0, 8, 42).value(), 0u);
  EXPECT_EQ(store_->payload_size(0, 8).value(), 8u * 10 + 28);
  EXPECT_EQ(store_->payload_size(7, 100).value(), 17u);
  EXPECT_EQ(store_->payload_size(9, 100).value(), 0u);
}

// Timestamps are 1000, 1010, ..., 1070.
TEST_P(QueryStoreTest, HeaderWindowByTimestamp) {
  auto window = store_->header_window(1015, 1045, 100);
  ASSERT_TRUE(window) << window.error().message;
  EXPECT_EQ(heights_of(window->window), (std::vector<std::uint64_t>{2, 3, 4}));
  ASSERT_TRUE(window->prev.has_value());
  EXPECT_EQ(window->prev->height, 1u);
  ASSERT_TRUE(window->next.has_value());
  EXPECT_EQ(window->next->height, 5u);
  EXPECT_EQ(window->next->header, make_block(5).header);
  EXPECT_FALSE(window->truncated);

  auto start = store_->header_window(0, 1001, 100).value();
  EXPECT_EQ(heights_of(start.window), (std::vector<std::uint64_t>{0}));
  EXPECT_FALSE(start.prev.has_value());
  auto open_end = store_->header_window(1065, 5000, 100).value();
  EXPECT_EQ(heights_of(open_end.window), (std::vector<std::uint64_t>{7}));
  EXPECT_FALSE(open_end.next.has_value());  // the chain has not reached the end yet

  auto cut = store_->header_window(1000, 1080, 3).value();
  EXPECT_EQ(heights_of(cut.window), (std::vector<std::uint64_t>{0, 1, 2}));
  EXPECT_TRUE(cut.truncated);
  EXPECT_FALSE(cut.next.has_value());
}

TEST_P(QueryStoreTest, HeaderWindowFromHeight) {
  auto window = store_->header_window_from(3, 1055, 100);
  ASSERT_TRUE(window) << window.error().message;
  EXPECT_EQ(heights_of(window->window), (std::vector<std::uint64_t>{3, 4, 5}));
  ASSERT_TRUE(window->prev.has_value());
  EXPECT_EQ(window->prev->height, 2u);
  ASSERT_TRUE(window->next.has_value());
  EXPECT_EQ(window->next->height, 6u);
  auto from_genesis = store_->header_window_from(0, 1000, 100).value();
  EXPECT_TRUE(from_genesis.window.empty());
  EXPECT_FALSE(from_genesis.prev.has_value());
  ASSERT_TRUE(from_genesis.next.has_value());
  EXPECT_EQ(from_genesis.next->height, 0u);
}

TEST_P(QueryStoreTest, ReinsertIsIdempotentButConflictsAreErrors) {
  EXPECT_TRUE(store_->insert_block(make_block(3)));
  BlockRecord other = make_block(3);
  other.leaf_hash = filled_hash(0x99);
  auto conflict = store_->insert_block(other);
  ASSERT_FALSE(conflict);
  EXPECT_NE(conflict.error().message.find("height 3 already holds leaf"), std::string::npos)
      << conflict.error().message;
  expect_block(store_->block_by_height(3).value(), make_block(3));
}

TEST_P(QueryStoreTest, BatchInsertIsAllOrNothing) {
  std::vector<BlockRecord> batch;
  for (std::uint64_t height = 6; height < 40; ++height) batch.push_back(make_block(height));
  ASSERT_TRUE(store_->insert_blocks(batch));  // 6 and 7 are already there: skipped
  EXPECT_EQ(store_->block_height().value(), 40u);
  expect_block(store_->block_by_height(39).value(), make_block(39));
  EXPECT_EQ(store_->blocks_in_range(0, 40).value().size(), 40u);

  std::vector<BlockRecord> conflicting{make_block(40), make_block(41), make_block(5)};
  conflicting.back().leaf_hash = filled_hash(0x77);
  ASSERT_FALSE(store_->insert_blocks(conflicting));
  EXPECT_EQ(store_->block_height().value(), 40u);  // 40 and 41 rolled back
  EXPECT_TRUE(store_->insert_blocks({}));
}

TEST_P(QueryStoreTest, SummariesOfARangeSkipMissingHeights) {
  ASSERT_TRUE(store_->insert_block(make_block(10)));
  auto summaries = store_->summaries_in_range(6, 12);
  ASSERT_TRUE(summaries) << summaries.error().message;
  ASSERT_EQ(summaries->size(), 3u);
  EXPECT_EQ((*summaries)[0].height, 6u);
  EXPECT_EQ((*summaries)[0].transaction_count, 2u);
  EXPECT_EQ((*summaries)[1].payload_size, 17u);
  EXPECT_EQ((*summaries)[2].height, 10u);
  EXPECT_TRUE(store_->summaries_in_range(12, 6).value().empty());
}

TEST_P(QueryStoreTest, SyncCountsShowGapsAndMissingShares) {
  ASSERT_TRUE(store_->insert_block(make_block(10)));  // 8 and 9 missing
  auto counts = store_->sync_counts();
  ASSERT_TRUE(counts) << counts.error().message;
  EXPECT_EQ(counts->block_height, 11u);
  EXPECT_EQ(counts->stored_blocks, 9u);
  EXPECT_EQ(counts->blocks_without_vid_share, 4u);  // odd heights 1, 3, 5, 7
  EXPECT_FALSE(counts->pruned_height.has_value());
}

// A decorator that overrides only the original calls gets the defaults: same answers.
class Forwarding final : public QueryStore {
 public:
  explicit Forwarding(QueryStore& inner) : inner_(inner) {}
  Status insert_block(const BlockRecord& b) override { return inner_.insert_block(b); }
  Status insert_blocks(std::span<const BlockRecord> b) override { return inner_.insert_blocks(b); }
  Result<std::optional<BlockRecord>> block_by_height(std::uint64_t h) override {
    return inner_.block_by_height(h);
  }
  Result<std::vector<BlockRecord>> blocks_in_range(std::uint64_t f, std::uint64_t u) override {
    return inner_.blocks_in_range(f, u);
  }
  Result<std::vector<BlockRecord>> block_metadata_in_range(std::uint64_t f,
                                                           std::uint64_t u) override {
    return inner_.block_metadata_in_range(f, u);
  }
  Result<std::optional<BlockRecord>> block_by_hash(const Hash32& h) override {
    return inner_.block_by_hash(h);
  }
  Result<std::optional<BlockRecord>> block_by_payload_hash(const Hash32& h) override {
    return inner_.block_by_payload_hash(h);
  }
  Result<std::optional<BlockRecord>> block_by_leaf_hash(const Hash32& h) override {
    return inner_.block_by_leaf_hash(h);
  }
  Result<std::optional<HeaderEntry>> header_by_height(std::uint64_t h) override {
    return inner_.header_by_height(h);
  }
  Result<std::optional<TransactionLocation>> transaction_by_hash(const Hash32& h) override {
    return inner_.transaction_by_hash(h);
  }
  Result<std::optional<BlockSummary>> summary(std::uint64_t h) override {
    return inner_.summary(h);
  }
  Result<std::uint64_t> block_height() override { return inner_.block_height(); }
  Result<std::uint64_t> transaction_count(std::uint64_t f, std::uint64_t u,
                                          std::optional<std::uint64_t> ns) override {
    return inner_.transaction_count(f, u, ns);
  }
  Result<std::uint64_t> payload_size(std::uint64_t f, std::uint64_t u) override {
    return inner_.payload_size(f, u);
  }
  Result<HeaderWindow> header_window(std::uint64_t s, std::uint64_t e, std::size_t l) override {
    return inner_.header_window(s, e, l);
  }
  Result<HeaderWindow> header_window_from(std::uint64_t h, std::uint64_t e,
                                          std::size_t l) override {
    return inner_.header_window_from(h, e, l);
  }
  Result<std::optional<std::uint64_t>> pruned_height() override { return inner_.pruned_height(); }

 private:
  QueryStore& inner_;
};

void expect_listings_of(const std::vector<BlockListing>& listings,
                        const std::vector<BlockRecord>& blocks) {
  ASSERT_EQ(listings.size(), blocks.size());
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    SCOPED_TRACE(blocks[i].height);
    EXPECT_EQ(listings[i].height, blocks[i].height);
    EXPECT_EQ(listings[i].timestamp, blocks[i].timestamp);
    EXPECT_EQ(listings[i].block_hash, blocks[i].block_hash);
    EXPECT_EQ(listings[i].payload_size, blocks[i].payload.size());
    ASSERT_EQ(listings[i].transactions.size(), blocks[i].transactions.size());
    for (std::size_t t = 0; t < blocks[i].transactions.size(); ++t) {
      EXPECT_EQ(listings[i].transactions[t].commitment, blocks[i].transactions[t].commitment);
      EXPECT_EQ(listings[i].transactions[t].namespace_id, blocks[i].transactions[t].namespace_id);
    }
  }
}

TEST_P(QueryStoreTest, ListingsAgreeWithTheBlocksAndTheDefault) {
  ASSERT_TRUE(store_->insert_block(make_block(10)));  // 8 and 9 missing
  const auto blocks = store_->blocks_in_range(6, 12).value();
  ASSERT_EQ(blocks.size(), 3u);
  ASSERT_FALSE(blocks[0].transactions.empty());
  auto listings = store_->listings_in_range(6, 12);
  ASSERT_TRUE(listings) << listings.error().message;
  expect_listings_of(*listings, blocks);
  Forwarding forwarding(*store_);
  expect_listings_of(forwarding.listings_in_range(6, 12).value(), blocks);
  EXPECT_TRUE(store_->listings_in_range(12, 6).value().empty());
}

TEST_P(QueryStoreTest, DefaultSummariesAndSyncCountsAgreeWithSql) {
  ASSERT_TRUE(store_->insert_block(make_block(10)));
  Forwarding forwarding(*store_);
  const auto direct = store_->summaries_in_range(0, 20).value();
  const auto defaulted = forwarding.summaries_in_range(0, 20).value();
  ASSERT_EQ(direct.size(), defaulted.size());
  for (std::size_t i = 0; i < direct.size(); ++i) {
    EXPECT_EQ(direct[i].height, defaulted[i].height);
    EXPECT_EQ(direct[i].payload_size, defaulted[i].payload_size);
  }
  const SyncCounts sql = store_->sync_counts().value();
  const SyncCounts composed = forwarding.sync_counts().value();
  EXPECT_EQ(sql.block_height, composed.block_height);
  EXPECT_EQ(sql.stored_blocks, composed.stored_blocks);
  EXPECT_EQ(sql.blocks_without_vid_share, composed.blocks_without_vid_share);
}

TEST_P(QueryStoreTest, NothingPrunedYet) {
  auto pruned = store_->pruned_height();
  ASSERT_TRUE(pruned) << pruned.error().message;
  EXPECT_FALSE(pruned->has_value());
}

TEST_P(QueryStoreTest, SharesTheDatabaseWithTheConsensusStore) {
  auto consensus = db_.consensus_store();
  ASSERT_TRUE(consensus) << consensus.error().message;
  const std::vector<consensus::PersistRecord> records{consensus::PersistVotedView{12}};
  ASSERT_TRUE((*consensus)->append(records));
  ASSERT_TRUE(store_->insert_block(make_block(8)));
  EXPECT_EQ((*consensus)->load().value().last_voted_view, 12u);
  EXPECT_EQ(store_->block_height().value(), 9u);
}

// Blocks of kBlobFileThreshold bytes and more keep payload and share in a blob file on SQLite and
// in the row on PostgreSQL; either way they read back whole, and the counts still see the share.
TEST_P(QueryStoreTest, LargeBlocksReadBackWholeAndCountTheirShares) {
  BlockRecord with_share = make_block(8);
  with_share.payload = Bytes(kBlobFileThreshold, 0x31);
  with_share.vid_share = Bytes(1000, 0x32);
  BlockRecord without_share = make_block(9);
  without_share.payload = Bytes(kBlobFileThreshold + 5, 0x33);
  without_share.vid_share.reset();
  const std::vector<BlockRecord> blocks{with_share, without_share};
  ASSERT_TRUE(store_->insert_blocks(blocks));
  expect_block(store_->block_by_height(8).value(), with_share);
  expect_block(store_->block_by_hash(without_share.block_hash).value(), without_share);
  auto range = store_->blocks_in_range(8, 10).value();
  ASSERT_EQ(range.size(), 2u);
  expect_block(range[0], with_share);
  expect_block(range[1], without_share);
  EXPECT_EQ(store_->summary(9).value()->payload_size, kBlobFileThreshold + 5);
  const SyncCounts counts = store_->sync_counts().value();
  EXPECT_EQ(counts.stored_blocks, 10u);
  EXPECT_EQ(counts.blocks_without_vid_share, 5u);  // heights 1, 3, 5, 7 and 9
  if (GetParam() == Backend::kSqlite) {
    EXPECT_TRUE(std::filesystem::exists(db_.sqlite_path() + ".blobs/0/8.blob"));
    EXPECT_FALSE(std::filesystem::exists(db_.sqlite_path() + ".blobs/0/7.blob"));  // small
  }
}

// A blob file damaged on disk makes its block an error naming the file, not a wrong block.
TEST_P(QueryStoreTest, DamagedBlobFileIsAClearError) {
  if (GetParam() != Backend::kSqlite) GTEST_SKIP() << "blob files are SQLite's";
  BlockRecord block = make_block(8);
  block.payload = Bytes(kBlobFileThreshold, 0x31);
  ASSERT_TRUE(store_->insert_block(block));
  const std::string file = db_.sqlite_path() + ".blobs/0/8.blob";
  std::filesystem::resize_file(file, 1000);
  auto read = store_->block_by_height(8);
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().message.find("block 8"), std::string::npos) << read.error().message;
  EXPECT_NE(read.error().message.find(file), std::string::npos) << read.error().message;
  std::filesystem::remove(file);
  EXPECT_FALSE(store_->block_by_height(8));
  EXPECT_TRUE(store_->header_by_height(8).value().has_value());  // the row itself is fine
}

// Reused (prepared) statements must not pin an old snapshot: a second connection sees new blocks.
TEST_P(QueryStoreTest, SecondConnectionSeesNewBlocks) {
  auto reader = db_.query_store();
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_EQ((*reader)->block_height().value(), 8u);
  EXPECT_TRUE((*reader)->block_by_height(7).value().has_value());
  ASSERT_TRUE(store_->insert_block(make_block(8)));
  EXPECT_EQ((*reader)->block_height().value(), 9u);
  expect_block((*reader)->block_by_height(8).value(), make_block(8));
}

// Stores opening at once on a fresh database (a node starting its consensus store, query store
// and pruner together) migrate it once and all succeed.
TEST_P(QueryStoreTest, ConcurrentOpensOfAFreshDatabaseAllSucceed) {
  testing::TestDatabase fresh(GetParam());
  std::vector<std::thread> threads;
  std::atomic<int> opened = 0;
  std::vector<std::string> errors(4);
  for (std::size_t i = 0; i < errors.size(); ++i) {
    threads.emplace_back([&, i] {
      auto store = i % 2 == 0 ? fresh.query_store().map([](auto) { return 0; })
                              : fresh.consensus_store().map([](auto) { return 0; });
      if (store) {
        ++opened;
      } else {
        errors[i] = store.error().message;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(opened.load(), 4) << errors[0] << errors[1] << errors[2] << errors[3];
  auto db = fresh.connection();
  ASSERT_TRUE(db) << db.error().message;
  auto rows = (*db)->query("SELECT count(*) FROM schema_migrations", {});
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(rows->front().unsigned_integer(0), migrations_for((*db)->dialect()).size());
}

INSTANTIATE_TEST_SUITE_P(Backends, QueryStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::backend_name);

}  // namespace
}  // namespace espresso::storage
