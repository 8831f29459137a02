#include <gtest/gtest.h>

#include "storage/consensus_store.hpp"
#include "storage/consensus_test_records.hpp"
#include "storage/query_store.hpp"
#include "storage/test_paths.hpp"

namespace espresso::storage {
namespace {

using testing::filled_hash;

BlockRecord make_block(std::uint64_t height) {
  BlockRecord block;
  block.height = height;
  block.leaf_hash = filled_hash(static_cast<std::uint8_t>(height));
  block.block_hash = filled_hash(static_cast<std::uint8_t>(height + 100));
  block.payload_hash = filled_hash(static_cast<std::uint8_t>(height + 200));
  block.leaf = Bytes{1, static_cast<std::uint8_t>(height)};
  block.header = Bytes{2, static_cast<std::uint8_t>(height)};
  block.payload = Bytes(10 + height, 0x5a);
  for (std::uint64_t i = 0; i < height % 4; ++i) {
    block.transactions.push_back(
        TransactionEntry{filled_hash(static_cast<std::uint8_t>(50 + height * 4 + i)), 7 + i});
  }
  return block;
}

void expect_block(const std::optional<BlockRecord>& actual, const BlockRecord& expected) {
  ASSERT_TRUE(actual.has_value());
  EXPECT_EQ(actual->height, expected.height);
  EXPECT_EQ(actual->leaf_hash, expected.leaf_hash);
  EXPECT_EQ(actual->block_hash, expected.block_hash);
  EXPECT_EQ(actual->payload_hash, expected.payload_hash);
  EXPECT_EQ(actual->leaf, expected.leaf);
  EXPECT_EQ(actual->header, expected.header);
  EXPECT_EQ(actual->payload, expected.payload);
  ASSERT_EQ(actual->transactions.size(), expected.transactions.size());
  for (std::size_t i = 0; i < expected.transactions.size(); ++i) {
    EXPECT_EQ(actual->transactions[i].commitment, expected.transactions[i].commitment);
    EXPECT_EQ(actual->transactions[i].namespace_id, expected.transactions[i].namespace_id);
  }
}

class SqliteQueryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = make_sqlite_query_store(dir_.file("q.db"));
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    for (std::uint64_t height = 0; height < 8; ++height) {
      ASSERT_TRUE(store_->insert_block(make_block(height)));
    }
  }
  TempDir dir_;
  std::unique_ptr<QueryStore> store_;
};

TEST_F(SqliteQueryStoreTest, FindsBlocksByHeightHashAndPayloadHash) {
  EXPECT_EQ(store_->block_height().value(), 8u);
  const BlockRecord five = make_block(5);
  expect_block(store_->block_by_height(5).value(), five);
  expect_block(store_->block_by_hash(five.block_hash).value(), five);
  expect_block(store_->block_by_payload_hash(five.payload_hash).value(), five);
  EXPECT_FALSE(store_->block_by_height(8).value().has_value());
  EXPECT_FALSE(store_->block_by_hash(filled_hash(0xee)).value().has_value());
}

TEST_F(SqliteQueryStoreTest, ReturnsStoredBlocksOfARange) {
  auto range = store_->blocks_in_range(6, 10);
  ASSERT_TRUE(range) << range.error().message;
  ASSERT_EQ(range->size(), 2u);
  expect_block((*range)[0], make_block(6));
  expect_block((*range)[1], make_block(7));
  EXPECT_TRUE(store_->blocks_in_range(3, 3).value().empty());
}

TEST_F(SqliteQueryStoreTest, IndexesTransactionsByCommitment) {
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

TEST_F(SqliteQueryStoreTest, SummariesCarryCountAndPayloadSize) {
  auto summary = store_->summary(6);
  ASSERT_TRUE(summary);
  ASSERT_TRUE(summary->has_value());
  EXPECT_EQ((*summary)->transaction_count, 2u);
  EXPECT_EQ((*summary)->payload_size, 16u);
}

TEST_F(SqliteQueryStoreTest, ReinsertIsIdempotentButConflictsAreErrors) {
  EXPECT_TRUE(store_->insert_block(make_block(3)));
  BlockRecord other = make_block(3);
  other.leaf_hash = filled_hash(0x99);
  auto conflict = store_->insert_block(other);
  ASSERT_FALSE(conflict);
  EXPECT_NE(conflict.error().message.find("height 3 already holds leaf"), std::string::npos)
      << conflict.error().message;
  expect_block(store_->block_by_height(3).value(), make_block(3));
}

TEST_F(SqliteQueryStoreTest, SharesTheDatabaseWithTheConsensusStore) {
  auto consensus = make_sqlite_consensus_store(dir_.file("q.db"));
  ASSERT_TRUE(consensus) << consensus.error().message;
  const std::vector<consensus::PersistRecord> records{consensus::PersistVotedView{12}};
  ASSERT_TRUE((*consensus)->append(records));
  ASSERT_TRUE(store_->insert_block(make_block(8)));
  EXPECT_EQ((*consensus)->load().value().last_voted_view, 12u);
  EXPECT_EQ(store_->block_height().value(), 9u);
}

// Reused (cached) statements must not pin an old snapshot: a second connection sees new blocks.
TEST_F(SqliteQueryStoreTest, SecondConnectionSeesNewBlocks) {
  auto reader = make_sqlite_query_store(dir_.file("q.db"));
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_EQ((*reader)->block_height().value(), 8u);
  EXPECT_TRUE((*reader)->block_by_height(7).value().has_value());
  ASSERT_TRUE(store_->insert_block(make_block(8)));
  EXPECT_EQ((*reader)->block_height().value(), 9u);
  expect_block((*reader)->block_by_height(8).value(), make_block(8));
}

}  // namespace
}  // namespace espresso::storage
