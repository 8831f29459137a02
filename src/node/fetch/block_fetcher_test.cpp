#include "node/fetch/block_fetcher.hpp"

#include <gtest/gtest.h>

#include "node/fetch/fetch_test_chain.hpp"
#include "node/fetch/fetch_test_peer.hpp"
#include "storage/test_paths.hpp"

namespace espresso::fetch {
namespace {

constexpr std::uint64_t kBlocks = 30;

using testing::FakePeer;

std::unique_ptr<storage::QueryStore> open_store(const std::string& path) {
  return testing::open_sqlite_store(path);
}

class BlockFetcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chain_ = testing::make_chain(kBlocks);
    records_ = testing::records_of(chain_);
    local_ = open_store(dir_.file("local.db"));
  }
  // The local node holds every block except [from, until).
  void store_all_but(std::uint64_t from, std::uint64_t until) {
    std::vector<storage::BlockRecord> kept;
    for (const auto& record : records_) {
      if (record.height < from || record.height >= until) kept.push_back(record);
    }
    ASSERT_TRUE(local_->insert_blocks(kept).has_value());
  }
  void expect_all_stored() {
    for (const auto& record : records_) {
      auto stored = local_->block_by_height(record.height);
      ASSERT_TRUE(stored.has_value() && stored->has_value()) << record.height;
      EXPECT_EQ((*stored)->leaf_hash, record.leaf_hash);
      EXPECT_EQ((*stored)->payload, record.payload);
      EXPECT_EQ((*stored)->vid_common, record.vid_common);
      EXPECT_EQ((*stored)->header, record.header);
    }
  }

  storage::TempDir dir_;
  std::vector<query::BlockParts> chain_;
  std::vector<storage::BlockRecord> records_;
  std::unique_ptr<storage::QueryStore> local_;
};

TEST_F(BlockFetcherTest, FindsGapsBelowTheNewestBlock) {
  std::vector<storage::BlockRecord> kept = {records_[0], records_[1], records_[4], records_[7]};
  ASSERT_TRUE(local_->insert_blocks(kept).has_value());
  auto gaps = find_gaps(*local_);
  ASSERT_TRUE(gaps.has_value());
  EXPECT_EQ(*gaps, (std::vector<Gap>{{2, 4}, {5, 7}}));
}

TEST_F(BlockFetcherTest, GenesisHeightIsNotAGap) {
  // No node stores the genesis block: a node whose first decided block is 3 misses 1 and 2 only.
  std::vector<storage::BlockRecord> kept = {records_[3], records_[4]};
  ASSERT_TRUE(local_->insert_blocks(kept).has_value());
  auto gaps = find_gaps(*local_);
  ASSERT_TRUE(gaps.has_value());
  EXPECT_EQ(*gaps, (std::vector<Gap>{{1, 3}}));
}

TEST_F(BlockFetcherTest, FillsGapsFromAGoodPeerInChunks) {
  FakePeer peer(dir_.file("peer.db"), records_);
  store_all_but(1, kBlocks - 1);
  BlockFetcher fetcher(*local_, {.peers = {peer.url()}, .chunk_size = 7});
  auto report = fetcher.fill_gaps();
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->blocks_stored, kBlocks - 2);
  EXPECT_TRUE(report->rejected.empty());
  expect_all_stored();
  auto again = fetcher.fill_gaps();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->blocks_stored, 0u);
}

TEST_F(BlockFetcherTest, SkipsAPeerWithATamperedPayload) {
  std::vector<storage::BlockRecord> tampered = records_;
  tampered[12].payload.back() ^= 1;
  FakePeer bad(dir_.file("bad.db"), tampered);
  FakePeer good(dir_.file("good.db"), records_);
  store_all_but(10, 20);
  BlockFetcher fetcher(*local_, {.peers = {bad.url(), good.url()}, .chunk_size = 100});
  auto report = fetcher.fill_gaps();
  ASSERT_TRUE(report.has_value()) << report.error().message;
  ASSERT_EQ(report->rejected.size(), 1u);
  EXPECT_NE(report->rejected[0].find("block 12: payload"), std::string::npos)
      << report->rejected[0];
  EXPECT_NE(report->rejected[0].find(bad.url()), std::string::npos);
  expect_all_stored();
}

TEST_F(BlockFetcherTest, RefusesAForkedLeafAndStoresNothingFromIt) {
  // A peer with another chain below the gap's top: its leaves do not link to the trusted block.
  std::vector<query::BlockParts> forked = chain_;
  forked[5].header.l1_head += 1;
  forked[5].leaf.header = bincode::encode(forked[5].header);
  FakePeer bad(dir_.file("fork.db"), testing::records_of(forked));
  store_all_but(3, 8);
  BlockFetcher fetcher(*local_, {.peers = {bad.url()}});
  auto report = fetcher.fill_gaps();
  ASSERT_FALSE(report.has_value());
  EXPECT_NE(report.error().message.find("no peer served verified blocks [3, 8)"), std::string::npos)
      << report.error().message;
  auto stored = local_->block_by_height(6);
  ASSERT_TRUE(stored.has_value());
  EXPECT_FALSE(stored->has_value());
}

TEST_F(BlockFetcherTest, SkipsAPeerMissingBlocks) {
  std::vector<storage::BlockRecord> partial(records_.begin(), records_.begin() + 15);
  partial.push_back(records_.back());
  FakePeer missing(dir_.file("missing.db"), partial);
  FakePeer good(dir_.file("good.db"), records_);
  store_all_but(10, 20);
  BlockFetcher fetcher(*local_, {.peers = {missing.url(), good.url()}});
  auto report = fetcher.fill_gaps();
  ASSERT_TRUE(report.has_value()) << report.error().message;
  ASSERT_EQ(report->rejected.size(), 1u);
  EXPECT_NE(report->rejected[0].find("block 15 missing"), std::string::npos) << report->rejected[0];
  expect_all_stored();
}

TEST_F(BlockFetcherTest, UnreachablePeerIsAnErrorNotACrash) {
  store_all_but(2, 5);
  BlockFetcher fetcher(*local_, {.peers = {"http://127.0.0.1:1"}});
  auto report = fetcher.fill_gaps();
  ASSERT_FALSE(report.has_value());
}

}  // namespace
}  // namespace espresso::fetch
