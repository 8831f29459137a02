// The pruner on both backends, with small numbers: 20 blocks, timestamps 1000, 1010, ..., 1190.

#include "storage/pruner.hpp"

#include <filesystem>

#include <gtest/gtest.h>

#include "storage/blob_files.hpp"
#include "storage/consensus_test_records.hpp"
#include "storage/test_backends.hpp"

namespace espresso::storage {
namespace {

using namespace std::chrono_literals;
using testing::Backend;
using testing::filled_hash;

constexpr std::uint64_t kBlocks = 20;

BlockRecord block_at(std::uint64_t height) {
  BlockRecord block;
  block.height = height;
  block.timestamp = 1000 + height * 10;
  block.leaf_hash = filled_hash(static_cast<std::uint8_t>(height));
  block.block_hash = filled_hash(static_cast<std::uint8_t>(height + 100));
  block.payload_hash = filled_hash(static_cast<std::uint8_t>(height + 200));
  block.leaf = Bytes(10, 1);
  block.header = Bytes(10, 2);
  block.payload = Bytes(100, 3);
  block.vid_common = Bytes(20, 4);
  block.vid_share = Bytes(10, 5);
  block.transactions.push_back(TransactionEntry{filled_hash(static_cast<std::uint8_t>(height)), 1});
  return block;
}
constexpr std::uint64_t kBlockBytes = 150;  // leaf + header + payload + VID common + share

// Nothing pruned by age, nothing by size, unless a test says so.
PrunerConfig keep_everything() {
  PrunerConfig config;
  config.pruning_threshold = 1'000'000;
  config.minimum_retention = 100000s;
  config.target_retention = 100000s;
  config.batch_size = 3;
  config.max_usage = 10000;
  return config;
}

class PrunerTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (!db_.available()) GTEST_SKIP() << testing::kNoPostgres;
    auto opened = db_.query_store();
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    std::vector<BlockRecord> blocks;
    for (std::uint64_t height = 0; height < kBlocks; ++height) blocks.push_back(block_at(height));
    ASSERT_TRUE(store_->insert_blocks(blocks));
  }

  PruneReport prune(const PrunerConfig& config, std::uint64_t now) {
    auto pruner = db_.pruner(config);
    EXPECT_TRUE(pruner) << pruner.error().message;
    if (!pruner) return {};
    auto report = (*pruner)->run_once(now);
    EXPECT_TRUE(report) << report.error().message;
    return report ? *report : PruneReport{};
  }

  std::uint64_t lowest_stored() {
    for (std::uint64_t height = 0; height < kBlocks; ++height) {
      if (store_->block_by_height(height).value()) return height;
    }
    return kBlocks;
  }

  testing::TestDatabase db_{GetParam()};
  std::unique_ptr<QueryStore> store_;
};

TEST_P(PrunerTest, KeepsEverythingWithinRetentionAndThreshold) {
  const PruneReport report = prune(keep_everything(), 1200);
  EXPECT_EQ(report.blocks_deleted, 0u);
  EXPECT_EQ(report.bytes_before, kBlocks * kBlockBytes);
  EXPECT_EQ(report.bytes_after, report.bytes_before);
  EXPECT_FALSE(report.pruned_height.has_value());
  EXPECT_FALSE(store_->pruned_height().value().has_value());
}

TEST_P(PrunerTest, RemovesBlocksOlderThanTheTargetRetentionInBatches) {
  PrunerConfig config = keep_everything();
  config.target_retention = 100s;  // at now = 1200: timestamps below 1100, heights 0..9
  const PruneReport report = prune(config, 1200);
  EXPECT_EQ(report.blocks_deleted, 10u);
  EXPECT_EQ(report.bytes_after, 10 * kBlockBytes);
  EXPECT_EQ(report.pruned_height, std::optional<std::uint64_t>(9));
  EXPECT_EQ(store_->pruned_height().value(), std::optional<std::uint64_t>(9));
  EXPECT_EQ(lowest_stored(), 10u);
  EXPECT_FALSE(store_->transaction_by_hash(filled_hash(5)).value().has_value());
  EXPECT_TRUE(store_->transaction_by_hash(filled_hash(12)).value().has_value());
  EXPECT_EQ(store_->block_height().value(), kBlocks);
  // A pruned height is not stored again (catch-up would otherwise refill it).
  ASSERT_TRUE(store_->insert_block(block_at(3)));
  EXPECT_FALSE(store_->block_by_height(3).value().has_value());
  // A second pass finds nothing more to do.
  EXPECT_EQ(prune(config, 1200).blocks_deleted, 0u);
}

TEST_P(PrunerTest, OverTheThresholdPrunesBackToMaxUsage) {
  PrunerConfig config = keep_everything();
  config.minimum_retention = 10s;
  config.pruning_threshold = kBlocks * kBlockBytes - 1;  // just over
  config.max_usage = 5000;                               // back to half of it
  const PruneReport report = prune(config, 1200);
  EXPECT_LE(report.bytes_after, config.pruning_threshold / 2);
  // Whole batches of 3: 12 blocks bring 3000 bytes down to 1200 (9 would leave 1650).
  EXPECT_EQ(report.blocks_deleted, 12u);
  EXPECT_EQ(lowest_stored(), 12u);
  EXPECT_EQ(prune(config, 1200).blocks_deleted, 0u);  // under the threshold now
}

TEST_P(PrunerTest, NeverPrunesWithinTheMinimumRetention) {
  PrunerConfig config = keep_everything();
  config.pruning_threshold = 0;    // always over
  config.minimum_retention = 50s;  // at now = 1200: heights 15.. are young
  const PruneReport report = prune(config, 1200);
  EXPECT_EQ(report.blocks_deleted, 15u);
  EXPECT_EQ(lowest_stored(), 15u);
}

TEST_P(PrunerTest, KeepsTheNewestBlockAndTheLastDecidedOne) {
  PrunerConfig config = keep_everything();
  config.pruning_threshold = 0;
  config.minimum_retention = 0s;
  config.target_retention = 0s;
  EXPECT_EQ(prune(config, 5000).blocks_deleted, kBlocks - 1);  // the newest stays
  EXPECT_EQ(lowest_stored(), kBlocks - 1);
  EXPECT_EQ(store_->block_height().value(), kBlocks);

  auto consensus = db_.consensus_store();
  ASSERT_TRUE(consensus) << consensus.error().message;
  const std::vector<consensus::PersistRecord> decided{
      consensus::PersistDecided{testing::make_leaf(30, 25), std::nullopt}};
  ASSERT_TRUE((*consensus)->append(decided));
  std::vector<BlockRecord> more;
  for (std::uint64_t height = kBlocks; height < 40; ++height) more.push_back(block_at(height));
  ASSERT_TRUE(store_->insert_blocks(more));
  EXPECT_EQ(prune(config, 5000).blocks_deleted, 25u - (kBlocks - 1));  // 19..24
  EXPECT_EQ(lowest_stored(), kBlocks);  // helper scans below kBlocks only
  EXPECT_TRUE(store_->block_by_height(25).value().has_value());
  EXPECT_FALSE(store_->block_by_height(24).value().has_value());
  EXPECT_EQ((*consensus)->load().value().last_decided, testing::make_leaf(30, 25));
}

// Blob files (SQLite) count toward usage and go with their rows, as do files an insert left
// without a row.
TEST_P(PrunerTest, CountsAndRemovesBlobFiles) {
  std::vector<BlockRecord> large;
  for (std::uint64_t height = kBlocks; height < kBlocks + 3; ++height) {
    large.push_back(block_at(height));
    large.back().payload = Bytes(kBlobFileThreshold, 3);
  }
  ASSERT_TRUE(store_->insert_blocks(large));
  const std::uint64_t large_bytes = 10 + 10 + 20 + 10 + kBlobFileThreshold;
  const bool files = GetParam() == Backend::kSqlite;
  const std::uint64_t in_file = files ? 24 : 0;  // the blob file's header
  const std::filesystem::path dir = db_.sqlite_path() + ".blobs/0";
  if (files) {
    ASSERT_TRUE(BlobFiles(db_.sqlite_path() + ".blobs").write(15, Bytes(10, 1), {}));
  }

  PrunerConfig config = keep_everything();
  config.target_retention = 85s;  // at now = 1300: timestamps below 1215, heights 0..21
  const PruneReport report = prune(config, 1300);
  EXPECT_EQ(report.bytes_before, kBlocks * kBlockBytes + 3 * (large_bytes + in_file));
  EXPECT_EQ(report.bytes_after, large_bytes + in_file);
  EXPECT_EQ(report.pruned_height, std::optional<std::uint64_t>(kBlocks + 1));
  if (files) {
    for (std::uint64_t height : {15u, 20u, 21u}) {
      EXPECT_FALSE(std::filesystem::exists(dir / (std::to_string(height) + ".blob"))) << height;
    }
    EXPECT_TRUE(std::filesystem::exists(dir / "22.blob"));
  }
  EXPECT_EQ(store_->block_by_height(kBlocks + 2).value()->payload, large.back().payload);
}

TEST_P(PrunerTest, RejectsBadParameters) {
  PrunerConfig config = keep_everything();
  config.max_usage = 10001;
  auto pruner = db_.pruner(config);
  ASSERT_FALSE(pruner);
  EXPECT_NE(pruner.error().message.find("max usage 10001"), std::string::npos)
      << pruner.error().message;
  config.max_usage = 10000;
  config.batch_size = 0;
  EXPECT_FALSE(db_.pruner(config));
}

INSTANTIATE_TEST_SUITE_P(Backends, PrunerTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::backend_name);

}  // namespace
}  // namespace espresso::storage
