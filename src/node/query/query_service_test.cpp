#include "node/query/query_service.hpp"

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "api/query/query_test_support.hpp"
#include "common/hex.hpp"
#include "consensus/mempool.hpp"
#include "node/chain/mempool_transaction.hpp"
#include "node/query/query_test_storage.hpp"
#include "types/bincode.hpp"
#include "vid/codec.hpp"

namespace espresso::node_query {
namespace {

using query::testing::get;

// A decided leaf as consensus hands it over: the header in bincode inside the leaf, the payload
// and this node's share; `parts` gets the same leaf so make_block_record(parts) is the expectation.
consensus::DecidedLeaf decided_leaf(query::BlockParts& parts) {
  parts.leaf.header = bincode::encode(parts.header);
  consensus::DecidedLeaf decided;
  decided.leaf = parts.leaf;
  decided.payload = parts.payload;
  decided.vid_share = vid::encode_share(*parts.vid_share);
  return decided;
}

// The suite runs on SQLite and on PostgreSQL (skipped without ESEQ_TEST_POSTGRES_URI).
class QueryServiceTest : public ::testing::TestWithParam<storage::testing::Backend> {
 protected:
  void SetUp() override {
    if (!database_.available()) GTEST_SKIP() << storage::testing::kNoPostgres;
  }
  std::unique_ptr<QueryService> open_service(std::vector<std::uint64_t> vid_weights = {
                                                 1, 1, 1, 1}) {  // as make_block disperses
    QueryServiceOptions options;
    options.storage = testing::storage_of(database_);
    options.vid_weights = std::move(vid_weights);
    auto service = QueryService::open(std::move(options));
    EXPECT_TRUE(service.has_value()) << (service ? "" : service.error().message);
    return service ? std::move(*service) : nullptr;
  }

  storage::testing::TestDatabase database_{GetParam()};
};

TEST_P(QueryServiceTest, DecidedBlocksAreServedByTheAvailabilityRoutes) {
  auto service = open_service();
  ASSERT_NE(service, nullptr);
  std::vector<consensus::DecidedLeaf> batch;
  std::vector<storage::BlockRecord> expected;
  Hash32 parent{};
  for (std::uint64_t height = 0; height < 3; ++height) {
    auto parts = query::testing::make_block(height, parent);
    batch.push_back(decided_leaf(parts));
    // Consensus hands over the QC on each leaf; it is served with the leaf.
    consensus::Certificate qc;
    qc.view = parts.leaf.view;
    qc.subject = parts.leaf.commitment();
    qc.signers = {true, true, true, false};
    batch.back().qc = qc;
    parts.qc = qc;
    auto record = query::make_block_record(parts);
    ASSERT_TRUE(record.has_value());
    parent = record->leaf_hash;
    expected.push_back(std::move(*record));
  }
  service->on_decide(make_decided_batch(batch));
  service->flush();
  EXPECT_EQ(service->stored_blocks(), 3u);
  EXPECT_EQ(service->failed_inserts(), 0u);
  EXPECT_EQ(service->feed()->height(), 3u);

  Router router;
  ASSERT_TRUE(service->register_routes(router).has_value());
  auto header = get(router, "/v0/availability/header/2");
  EXPECT_EQ(header.status, 200);
  EXPECT_EQ(header.body, nlohmann::json::parse(
                             std::string(expected[2].header.begin(), expected[2].header.end())));
  auto by_hash =
      get(router, "/v0/availability/block/hash/" + query::block_hash_text(expected[1].block_hash));
  EXPECT_EQ(by_hash.status, 200);
  EXPECT_EQ(get(router, "/v0/node/block-height").body, 3);
  EXPECT_EQ(get(router, "/v0/availability/header/3").status, 404);
  auto leaf = get(router, "/v0/availability/leaf/1");
  ASSERT_EQ(leaf.status, 200);
  EXPECT_EQ(leaf.body["qc"]["kind"], "quorum");
  EXPECT_EQ(leaf.body["qc"]["signers"], "1110");
  EXPECT_EQ(leaf.body["qc"]["subject"], to_hex(batch[1].leaf.commitment()));
}

TEST_P(QueryServiceTest, StoresTheVidCommonDataConsensusHandsOver) {
  // Weights that disperse differently: only the handed-over common data gives the right answer.
  auto service = open_service({7});
  ASSERT_NE(service, nullptr);
  auto parts = query::testing::make_block(0);
  std::vector<consensus::DecidedLeaf> batch{decided_leaf(parts)};
  batch[0].vid_common = vid::encode_common(parts.vid_common);
  service->on_decide(make_decided_batch(batch));
  service->flush();
  ASSERT_EQ(service->stored_blocks(), 1u);
  auto store = database_.query_store();
  ASSERT_TRUE(store.has_value()) << store.error().message;
  auto stored = (*store)->block_by_height(0);
  ASSERT_TRUE(stored.has_value() && stored->has_value());
  EXPECT_EQ((*stored)->vid_common, vid::encode_common(parts.vid_common));
}

// The decided leaf's pooled transactions: their commitments are indexed for payload transactions
// with the same bytes, when the mempool named them the query index's way. Marker commitments show
// which were taken.
TEST_P(QueryServiceTest, IndexesTheCommitmentsTheMempoolComputed) {
  auto service = open_service();
  ASSERT_NE(service, nullptr);
  auto parts = query::testing::make_block(0);
  const Payload payload{parts.payload, parts.header.ns_table};
  const auto transactions = payload.transactions();
  ASSERT_EQ(transactions.size(), 1u);
  Hash32 marker{};
  marker.fill(0xab);
  consensus::DecidedLeaf decided = decided_leaf(parts);
  decided.pooled = {{marker, encode_mempool_transaction(transactions[0])}};
  decided.pooled_by = &mempool_transaction_commitment;
  auto next = query::testing::make_block(1, parts.leaf.commitment());
  consensus::DecidedLeaf other = decided_leaf(next);  // named by another function: hashed
  other.pooled = {{marker, encode_mempool_transaction(
                               Payload{next.payload, next.header.ns_table}.transactions()[0])}};
  other.pooled_by = &consensus::sha256_transaction_commitment;
  service->on_decide(make_decided_batch({decided, other}));
  service->flush();
  ASSERT_EQ(service->stored_blocks(), 2u);
  auto store = database_.query_store();
  ASSERT_TRUE(store.has_value()) << store.error().message;
  auto found = (*store)->transaction_by_hash(marker);
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->height, 0u);
  auto real = (*store)->transaction_by_hash(commit(transactions[0]).digest);
  ASSERT_TRUE(real.has_value());
  EXPECT_FALSE(real->has_value());  // indexed under the mempool's name, which is this one's
  const auto next_first = Payload{next.payload, next.header.ns_table}.transactions()[0];
  auto hashed = (*store)->transaction_by_hash(commit(next_first).digest);
  ASSERT_TRUE(hashed.has_value() && hashed->has_value());
  EXPECT_EQ((*hashed)->height, 1u);
}

TEST_P(QueryServiceTest, BlockFeedWakesASubscriber) {
  auto service = open_service();
  ASSERT_NE(service, nullptr);
  auto feed = service->feed();
  auto woken = std::async(std::launch::async, [feed] {
    return feed->wait_for(0, std::stop_token{}, std::chrono::seconds(20));
  });
  auto parts = query::testing::make_block(0);
  std::vector<consensus::DecidedLeaf> batch{decided_leaf(parts)};
  service->on_decide(make_decided_batch(batch));
  EXPECT_TRUE(woken.get());
  EXPECT_EQ(feed->height(), 1u);
}

TEST_P(QueryServiceTest, FailedInsertIsCountedAndLaterBlocksStillStored) {
  auto service = open_service();
  ASSERT_NE(service, nullptr);
  auto parts = query::testing::make_block(0);
  consensus::DecidedLeaf broken = decided_leaf(parts);
  broken.leaf.header = Bytes{1, 2, 3};  // not a bincode header
  consensus::DecidedLeaf no_payload = decided_leaf(parts);
  no_payload.payload.reset();
  std::vector<consensus::DecidedLeaf> bad{broken, no_payload};
  service->on_decide(make_decided_batch(bad));
  service->flush();
  EXPECT_EQ(service->failed_inserts(), 2u);
  EXPECT_EQ(service->stored_blocks(), 0u);

  std::vector<consensus::DecidedLeaf> good{decided_leaf(parts)};
  service->on_decide(make_decided_batch(good));
  service->flush();
  EXPECT_EQ(service->stored_blocks(), 1u);
  EXPECT_EQ(service->feed()->height(), 1u);
}

// Collects the frames a stream sends.
class CollectingSink final : public StreamSink {
 public:
  bool send(std::string text) override {
    std::lock_guard lock(mutex_);
    frames_.push_back(std::move(text));
    return true;
  }
  bool wait_for_room(std::chrono::milliseconds) override { return true; }
  void close(std::string) override { open_ = false; }
  void close_with_error(std::string) override { open_ = false; }
  bool is_open() const override { return open_; }
  std::size_t frames() {
    std::lock_guard lock(mutex_);
    return frames_.size();
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> frames_;
  std::atomic<bool> open_{true};
};

TEST_P(QueryServiceTest, HeaderStreamFollowsNewlyDecidedBlocks) {
  auto service = open_service();
  ASSERT_NE(service, nullptr);
  auto resolution =
      service->stream_resolver()({HttpMethod::kGet, "/v0/availability/stream/headers/0", "", ""});
  ASSERT_TRUE(resolution.has_value());
  ASSERT_TRUE(resolution->has_value());
  auto sink = std::make_shared<CollectingSink>();
  auto task = (**resolution)(sink);

  std::vector<consensus::DecidedLeaf> batch;
  Hash32 parent{};
  for (std::uint64_t height = 0; height < 2; ++height) {
    auto parts = query::testing::make_block(height, parent);
    batch.push_back(decided_leaf(parts));
    parent = query::make_block_record(parts)->leaf_hash;
  }
  service->on_decide(make_decided_batch(batch));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (sink->frames() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(sink->frames(), 2u);
  task.reset();
}

INSTANTIATE_TEST_SUITE_P(Backends, QueryServiceTest,
                         ::testing::Values(storage::testing::Backend::kSqlite,
                                           storage::testing::Backend::kPostgres),
                         storage::testing::backend_name);

TEST(QueryStorageFrom, ChoosesSqliteUnderThePathOrPostgresWithPruning) {
  auto fs = query_storage_from(FsStorage{"/data/node"}, "/default");
  ASSERT_TRUE(fs.has_value());
  EXPECT_EQ(fs->sqlite_path, "/data/node/query.sqlite");
  EXPECT_FALSE(fs->pruning.has_value());

  auto none = query_storage_from(std::monostate{}, "/default");
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->sqlite_path, "/default/query.sqlite");

  SqlStorage sql;
  sql.host = "db.internal";
  sql.prune = true;
  sql.pruning.batch_size = 7;
  auto pg = query_storage_from(sql, "/default");
  ASSERT_TRUE(pg.has_value());
  ASSERT_TRUE(pg->postgres.has_value());
  EXPECT_EQ(pg->postgres->host, "db.internal");
  ASSERT_TRUE(pg->pruning.has_value());
  EXPECT_EQ(pg->pruning->batch_size, 7u);

  SqlStorage bad;
  bad.uri = "mysql://nope";
  EXPECT_FALSE(query_storage_from(bad, "/default").has_value());
}

}  // namespace
}  // namespace espresso::node_query
