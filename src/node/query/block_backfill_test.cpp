#include "node/query/block_backfill.hpp"

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "node/fetch/fetch_test_chain.hpp"
#include "node/fetch/fetch_test_peer.hpp"
#include "node/query/query_service.hpp"
#include "node/query/query_test_storage.hpp"
#include "storage/test_paths.hpp"
#include "vid/codec.hpp"

namespace espresso::node_query {
namespace {

using namespace std::chrono_literals;

constexpr std::uint64_t kBlocks = 40;

consensus::DecidedLeaf decided_leaf(const query::BlockParts& parts) {
  consensus::DecidedLeaf decided;
  decided.leaf = parts.leaf;
  decided.payload = parts.payload;
  decided.vid_share = vid::encode_share(*parts.vid_share);
  return decided;
}

// Polls `done` (the back-fill runs on its own thread) for at most 20 s.
template <typename Done>
bool eventually(Done done) {
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

// The local store runs on SQLite and on PostgreSQL (skipped without ESEQ_TEST_POSTGRES_URI); the
// peer is a SQLite store behind the real availability routes.
class BlockBackfillTest : public ::testing::TestWithParam<storage::testing::Backend> {
 protected:
  void SetUp() override {
    if (!database_.available()) GTEST_SKIP() << storage::testing::kNoPostgres;
    chain_ = fetch::testing::make_chain(kBlocks);
    records_ = fetch::testing::records_of(chain_);
  }
  std::unique_ptr<QueryService> open_service(std::vector<std::string> peers) {
    QueryServiceOptions options;
    options.storage = testing::storage_of(database_);
    options.vid_weights = {1, 1, 1, 1};  // as the test chain disperses
    options.backfill.fetch.peers = std::move(peers);
    options.backfill.fetch.chunk_size = 7;
    options.backfill.first_retry_delay = 20ms;
    auto service = QueryService::open(std::move(options));
    EXPECT_TRUE(service.has_value()) << (service ? "" : service.error().message);
    return service ? std::move(*service) : nullptr;
  }
  void decide(QueryService& service, std::uint64_t from, std::uint64_t until) {
    std::vector<consensus::DecidedLeaf> batch;
    for (std::uint64_t height = from; height < until; ++height) {
      batch.push_back(decided_leaf(chain_[height]));
    }
    service.on_decide(make_decided_batch(batch));
    service.flush();
  }
  void expect_all_stored() {
    auto opened = database_.query_store();
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    auto& store = *opened;
    for (const auto& record : records_) {
      if (record.height == 0) continue;  // genesis: derived from the genesis file, never stored
      auto stored = store->block_by_height(record.height);
      ASSERT_TRUE(stored.has_value() && stored->has_value()) << record.height;
      EXPECT_EQ((*stored)->leaf_hash, record.leaf_hash) << record.height;
      EXPECT_EQ((*stored)->payload, record.payload) << record.height;
    }
  }

  storage::testing::TestDatabase database_{GetParam()};
  storage::TempDir dir_;  // the peer's store
  std::vector<query::BlockParts> chain_;
  std::vector<storage::BlockRecord> records_;
};

TEST_P(BlockBackfillTest, LateNodeFetchesEveryBlockBelowItsFirstDecideButGenesis) {
  fetch::testing::FakePeer peer(dir_.file("peer.sqlite"), records_);
  auto service = open_service({peer.url()});
  ASSERT_NE(service, nullptr);
  decide(*service, 30, kBlocks);
  ASSERT_TRUE(eventually([&] { return service->fetched_blocks() == 29; }))
      << service->fetched_blocks() << " blocks fetched";
  expect_all_stored();
}

TEST_P(BlockBackfillTest, HoleLeftByAJumpAheadIsFilled) {
  fetch::testing::FakePeer peer(dir_.file("peer.sqlite"), records_);
  auto service = open_service({peer.url()});
  ASSERT_NE(service, nullptr);
  decide(*service, 0, 10);
  decide(*service, 25, kBlocks);  // consensus skipped 10..24 (the node was behind)
  ASSERT_TRUE(eventually([&] { return service->fetched_blocks() == 15; }))
      << service->fetched_blocks() << " blocks fetched";
  expect_all_stored();
}

TEST_P(BlockBackfillTest, FailedRoundIsRetriedWithoutCrashing) {
  auto service = open_service({"http://127.0.0.1:1"});  // nothing listens on port 1
  ASSERT_NE(service, nullptr);
  decide(*service, 35, kBlocks);
  EXPECT_TRUE(eventually([&] { return service->backfill_rounds() >= 3; }))
      << service->backfill_rounds();
  EXPECT_EQ(service->fetched_blocks(), 0u);
  auto store = database_.query_store();
  ASSERT_TRUE(store.has_value()) << store.error().message;
  auto height = (*store)->block_height();
  ASSERT_TRUE(height.has_value());
  EXPECT_EQ(*height, kBlocks);  // the blocks it decided stay served
}

TEST_P(BlockBackfillTest, WithoutPeersNothingIsFetched) {
  auto service = open_service({});
  ASSERT_NE(service, nullptr);
  decide(*service, 35, kBlocks);
  EXPECT_EQ(service->fetched_blocks(), 0u);
  EXPECT_EQ(service->backfill_rounds(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, BlockBackfillTest,
                         ::testing::Values(storage::testing::Backend::kSqlite,
                                           storage::testing::Backend::kPostgres),
                         storage::testing::backend_name);

}  // namespace
}  // namespace espresso::node_query
