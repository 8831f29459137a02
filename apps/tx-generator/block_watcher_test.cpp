#include "block_watcher.hpp"

#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/client/loopback_server.hpp"
#include "api/submit_module.hpp"
#include "types/bincode.hpp"
#include "types/payload.hpp"
#include "watched_run.hpp"

namespace espresso {
namespace {

using namespace std::chrono_literals;

Bytes binary_payload_answer(std::uint64_t height, const Payload& payload) {
  const Bytes body = bincode::encode(bincode::PayloadQueryDataView{
      height, TaggedBase64{"BLOCK", Bytes(32, 1)}, TaggedBase64{"HASH", Bytes(32, 2)},
      payload.raw_payload.size(), payload.raw_payload, payload.ns_table.bytes()});
  return bincode::frame(bincode::kSequencerApiVersion, body);
}

HttpResponse binary_answer(std::uint64_t height, const Payload& payload) {
  const Bytes framed = binary_payload_answer(height, payload);
  return HttpResponse{200, "application/octet-stream", std::string(framed.begin(), framed.end())};
}

// A node stand-in: the submit routes feed a mempool, and each ask for the next block height cuts a
// block from whatever the mempool holds (the availability `payload/:height` shape), so that
// everything submitted gets decided. `status/block-height` answers the number of blocks. With
// `offers_binary`, a client asking for application/octet-stream gets upstream's binary answer.
class FakeNode : public TransactionSink {
 public:
  explicit FakeNode(std::uint64_t first_height = 3, bool offers_binary = false)
      : first_height_(first_height), offers_binary_(offers_binary) {
    Router router;
    EXPECT_TRUE(register_submit_routes(router, *this));
    EXPECT_TRUE(router.add(HttpMethod::kGet, "status", "block-height", [this](const HttpRequest&) {
      std::lock_guard lock(mutex_);
      return json_response(first_height_ + blocks_.size());
    }));
    EXPECT_TRUE(router.add(HttpMethod::kGet, "availability", "payload/:height",
                           [this](const HttpRequest& request, const PathParams& params) {
                             return payload_answer(std::stoull(std::string(*params.find("height"))),
                                                   offers_binary_ && request.accepts_binary());
                           }));
    server = LoopbackServer::start(std::move(router)).value();
  }

  Result<Hash32> submit(const Transaction& transaction) override {
    std::lock_guard lock(mutex_);
    mempool_.push_back(transaction);
    return commit(transaction).digest;
  }

  std::size_t blocks() const {
    std::lock_guard lock(mutex_);
    return blocks_.size();
  }

  std::unique_ptr<LoopbackServer> server;

 private:
  HttpResponse payload_answer(std::uint64_t height, bool binary) {
    std::lock_guard lock(mutex_);
    if (height < first_height_) return error_response(404, "pruned");
    const std::uint64_t index = height - first_height_;
    if (index == blocks_.size() && !mempool_.empty()) {
      blocks_.push_back(build_payload(mempool_, 1 << 30).value().payload);
      mempool_.clear();
    }
    if (index >= blocks_.size()) return error_response(404, "no block at that height yet");
    if (binary) return binary_answer(height, blocks_[index]);
    return json_response({{"height", height},
                          {"size", blocks_[index].raw_payload.size()},
                          {"data", to_json(blocks_[index])}});
  }

  const std::uint64_t first_height_;
  const bool offers_binary_;
  mutable std::mutex mutex_;
  std::vector<Transaction> mempool_;
  std::vector<Payload> blocks_;
};

// Two transactions in two namespaces, and the block a watcher must read from their payload at 9.
struct TwoTransactions {
  std::vector<Transaction> transactions{{1, Bytes{1, 2, 3}}, {2, Bytes{4}}};
  Payload payload = build_payload(transactions, 1000).value().payload;

  void expect_read(const Result<DecidedBlock>& block) const {
    ASSERT_TRUE(block) << block.error().message;
    EXPECT_EQ(block->height, 9u);
    EXPECT_EQ(block->payload_bytes, payload.raw_payload.size());
    ASSERT_EQ(block->transaction_keys.size(), 2u);
    EXPECT_EQ(block->transaction_keys[0], transaction_key(1, Bytes{1, 2, 3}));
    EXPECT_EQ(block->transaction_keys[1], transaction_key(2, Bytes{4}));
  }
};

TEST(BlockWatcher, ReadsTransactionKeysFromAPayloadAnswer) {
  const TwoTransactions two;
  const nlohmann::json answer{{"height", 9}, {"size", 4}, {"data", to_json(two.payload)}};
  two.expect_read(decided_block_from_payload_json(answer));
}

TEST(BlockWatcher, ReadsTransactionKeysFromABinaryAnswerAndRejectsBadOnes) {
  const TwoTransactions two;
  const Payload& payload = two.payload;
  const Bytes answer = binary_payload_answer(9, payload);
  two.expect_read(decided_block_from_payload_binary(answer));

  EXPECT_FALSE(decided_block_from_payload_binary(ByteView(answer).first(answer.size() - 1)));
  Bytes other_version = answer;
  other_version[2] = 7;  // minor 7
  auto refused = decided_block_from_payload_binary(other_version);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("0.7"), std::string::npos) << refused.error().message;
  const Bytes bad_table = binary_payload_answer(
      9, Payload{payload.raw_payload, NsTable(Bytes{1, 0, 0})});  // not 4 + 8k bytes
  EXPECT_FALSE(decided_block_from_payload_binary(bad_table));
}

TEST(BlockWatcher, BadAnswersAreErrorsThatQuoteThem) {
  for (const char* text : {R"(7)", R"({"height": -1, "data": {}})", R"({"height": 1})",
                           R"({"height": 1, "data": {"raw_payload": 5}})"}) {
    auto block = decided_block_from_payload_json(nlohmann::json::parse(text));
    ASSERT_FALSE(block) << text;
    EXPECT_NE(block.error().message.find("height"), std::string::npos) << block.error().message;
  }
}

TEST(BlockWatcher, MissingBlockIsNothingAndUnreachableNodeAnError) {
  FakeNode node;
  HttpClient client;
  auto missing = fetch_decided_block(client, node.server->url(), 3);
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_FALSE(*missing);
  auto refused = fetch_decided_block(client, "http://127.0.0.1:1", 3);
  EXPECT_FALSE(refused);
}

TEST(BlockWatcher, GivesUpOnANodeThatNeverAnswers) {
  BlockWatcherOptions options;
  options.url = "http://127.0.0.1:1";
  options.poll_interval = 1ms;
  std::atomic<bool> stop{false};
  const Status status = run_block_watcher(options, stop, [](const auto&, auto) {});
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("127.0.0.1:1"), std::string::npos);
}

// Against a node answering JSON only, and one answering binary when asked.
class WatchedRunAnswers : public ::testing::TestWithParam<bool> {};

TEST_P(WatchedRunAnswers, EverySubmittedTransactionIsSeenDecidedInHeightOrder) {
  FakeNode node(3, GetParam());
  TxGeneratorOptions options;
  options.targets = {node.server->url()};
  options.payload_size = 200;
  options.rate = 500;
  options.count = 60;
  options.batch = 3;
  WatchOptions watch;
  watch.watcher.url = node.server->url();
  watch.watcher.poll_interval = 5ms;
  watch.drain = 5s;
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::vector<DecidedBlockReport> blocks;
  const WatchedRunReport report =
      run_watched(options, watch, stop, {}, [&](const DecidedBlockReport& block) {
        std::lock_guard lock(mutex);
        blocks.push_back(block);
      });

  EXPECT_EQ(report.submitted.accepted, 60u);
  EXPECT_TRUE(report.watch_error.empty()) << report.watch_error;
  EXPECT_EQ(report.decided.submitted, 60u);
  EXPECT_EQ(report.decided.finalized, 60u);
  EXPECT_EQ(report.decided.never_decided, 0u);
  EXPECT_EQ(report.decided.finalized_bytes, 60u * 200u);
  EXPECT_GT(report.decided.finalized_mb_per_s, 0);
  ASSERT_TRUE(report.decided.latency_p50_ms);
  EXPECT_LE(*report.decided.latency_p50_ms, *report.decided.latency_p99_ms);
  std::lock_guard lock(mutex);
  ASSERT_FALSE(blocks.empty());
  EXPECT_EQ(blocks.size(), node.blocks());
  std::size_t own = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    EXPECT_EQ(blocks[i].height, 3 + i);  // from the height the node had when the run began
    own += blocks[i].own_transactions;
  }
  // The fake node decides a batch before its submit answer returns, so a block line may be printed
  // before the generator knows the batch is its own; the summary (finalized == 60 above) still
  // counts them once the answers arrive.
  EXPECT_LE(own, 60u);
  EXPECT_GT(own, 0u);
}

INSTANTIATE_TEST_SUITE_P(JsonAndBinary, WatchedRunAnswers, ::testing::Bool());

TEST(WatchedRun, TransactionsNeverDecidedAreCountedAfterTheDrain) {
  FakeNode submit_only;
  FakeNode silent;  // watched, but gets no transactions: it never decides a block
  TxGeneratorOptions options;
  options.targets = {submit_only.server->url()};
  options.rate = 0;
  options.count = 5;
  WatchOptions watch;
  watch.watcher.url = silent.server->url();
  watch.drain = 100ms;
  std::atomic<bool> stop{false};
  const WatchedRunReport report = run_watched(options, watch, stop);
  EXPECT_EQ(report.decided.submitted, 5u);
  EXPECT_EQ(report.decided.finalized, 0u);
  EXPECT_EQ(report.decided.never_decided, 5u);
}

}  // namespace
}  // namespace espresso
