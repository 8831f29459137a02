#include "tx_generator.hpp"

#include <map>
#include <mutex>
#include <set>

#include <gtest/gtest.h>

#include "api/client/loopback_server.hpp"
#include "api/submit_module.hpp"
#include "tx_generator_cli.hpp"

namespace espresso {
namespace {

using namespace std::chrono_literals;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Records what the submit route accepted; refuses everything when `refuse` is set, and the first
// `busy_answers` submissions (503, as a full mempool does).
class RecordingSink : public TransactionSink {
 public:
  explicit RecordingSink(bool refuse = false, int busy_answers = 0)
      : refuse_(refuse), busy_answers_(busy_answers) {}
  Result<Hash32> submit(const Transaction& transaction) override {
    if (refuse_) return fail("mempool full");
    std::lock_guard lock(mutex_);
    if (busy_answers_ > 0) {
      --busy_answers_;
      return fail("mempool full");
    }
    received_.push_back(transaction);
    return commit(transaction).digest;
  }
  std::vector<Transaction> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  bool refuse_;
  int busy_answers_;
  mutable std::mutex mutex_;
  std::vector<Transaction> received_;
};

struct SubmitNode {
  explicit SubmitNode(bool refuse = false, int busy_answers = 0) : sink(refuse, busy_answers) {
    Router router;
    EXPECT_TRUE(register_submit_routes(router, sink));
    server = LoopbackServer::start(std::move(router)).value();
  }
  RecordingSink sink;
  std::unique_ptr<LoopbackServer> server;
};

TEST(TxGenerator, SpreadsOverTargetsAndNamespaces) {
  SubmitNode a;
  SubmitNode b;
  TxGeneratorOptions options;
  options.targets = {a.server->url(), b.server->url()};
  options.namespaces = {7, 8};
  options.payload_size = 100;
  options.rate = 0;
  options.count = 40;
  options.workers = 3;
  options.seed = 42;
  std::atomic<bool> stop{false};
  const TxGeneratorReport report = run_tx_generator(options, stop);

  EXPECT_EQ(report.sent, 40u);
  EXPECT_EQ(report.accepted, 40u);
  EXPECT_EQ(report.failed, 0u);
  EXPECT_EQ(report.accepted_bytes, 4000u);
  ASSERT_EQ(report.per_target.size(), 2u);
  EXPECT_EQ(report.per_target[0].accepted, 20u);
  EXPECT_EQ(report.per_target[1].accepted, 20u);

  std::map<NamespaceId, int> per_namespace;
  std::set<Bytes> payloads;
  for (const SubmitNode* node : {&a, &b}) {
    for (const Transaction& tx : node->sink.received()) {
      ++per_namespace[tx.namespace_id];
      EXPECT_EQ(tx.payload.size(), 100u);
      payloads.insert(tx.payload);
    }
  }
  EXPECT_EQ(per_namespace.size(), 2u);
  EXPECT_EQ(per_namespace[7], 20);
  EXPECT_EQ(payloads.size(), 40u);  // all distinct
  EXPECT_TRUE(contains(format_summary(report), "sent 40, accepted 40, failed 0"));
}

TEST(TxGenerator, BatchesGoToSubmitBatch) {
  SubmitNode a;
  SubmitNode b;
  TxGeneratorOptions options;
  options.targets = {a.server->url(), b.server->url()};
  options.namespaces = {1, 2, 3};
  options.payload_size = 32;
  options.rate = 0;
  options.count = 25;  // batches of 10, 10 and 5
  options.batch = 10;
  std::atomic<bool> stop{false};
  const TxGeneratorReport report = run_tx_generator(options, stop);
  EXPECT_EQ(report.sent, 25u);
  EXPECT_EQ(report.accepted, 25u);
  EXPECT_EQ(report.accepted_bytes, 25u * 32);
  EXPECT_EQ(a.sink.received().size(), 15u);  // batches 0 and 2
  EXPECT_EQ(b.sink.received().size(), 10u);
  std::set<Bytes> payloads;
  for (const Transaction& tx : a.sink.received()) payloads.insert(tx.payload);
  for (const Transaction& tx : b.sink.received()) payloads.insert(tx.payload);
  EXPECT_EQ(payloads.size(), 25u);
}

TEST(TxGenerator, CountsRefusalsAndUnreachableTargets) {
  SubmitNode refusing(/*refuse=*/true);
  TxGeneratorOptions options;
  // Port 1 on loopback: nothing listens there.
  options.targets = {refusing.server->url(), "http://127.0.0.1:1"};
  options.rate = 0;
  options.count = 6;
  options.request_timeout = 2s;
  std::atomic<bool> stop{false};
  const TxGeneratorReport report = run_tx_generator(options, stop);
  EXPECT_EQ(report.sent, 6u);
  EXPECT_EQ(report.accepted, 0u);
  EXPECT_EQ(report.failed, 6u);
  const std::string summary = format_summary(report);
  EXPECT_TRUE(contains(summary, "status 503")) << summary;
  EXPECT_TRUE(contains(summary, "127.0.0.1:1")) << summary;
}

TEST(TxGenerator, KeepsTheRateAndReportsProgress) {
  SubmitNode node;
  TxGeneratorOptions options;
  options.targets = {node.server->url()};
  options.rate = 100;
  options.count = 21;  // the last one is due 200 ms after the start
  options.progress_interval = 50ms;
  std::atomic<bool> stop{false};
  int progress_lines = 0;
  const TxGeneratorReport report =
      run_tx_generator(options, stop, [&](const TxGeneratorReport&) { ++progress_lines; });
  EXPECT_EQ(report.accepted, 21u);
  EXPECT_GE(report.elapsed, 195ms);
  EXPECT_LT(report.elapsed, 5s);
  EXPECT_GE(progress_lines, 2);
}

TEST(TxGenerator, StopsOnTheStopFlagAndAfterTheDuration) {
  SubmitNode node;
  TxGeneratorOptions options;
  options.targets = {node.server->url()};
  options.rate = 1;  // one transaction per second: the run would take long
  std::atomic<bool> stop{true};
  EXPECT_EQ(run_tx_generator(options, stop).sent, 0u);

  stop = false;
  options.rate = 50;
  options.duration = 200ms;
  const TxGeneratorReport report = run_tx_generator(options, stop);
  EXPECT_EQ(report.sent, 10u);  // due times 0, 20, ..., 180 ms
}

// Binary bodies carry the same transactions as JSON ones: the payloads make_payload gives, to the
// same namespaces, singly and in batches.
TEST(TxGenerator, BinaryBodiesSubmitTheSameTransactionsAsJson) {
  for (const std::size_t batch : {std::size_t{1}, std::size_t{4}}) {
    std::vector<Transaction> received[2];
    for (const bool binary : {false, true}) {
      SubmitNode node;
      TxGeneratorOptions options;
      options.targets = {node.server->url()};
      options.namespaces = {3, 9};
      options.payload_size = 300;
      options.rate = 0;
      options.count = 12;
      options.batch = batch;
      options.binary = binary;
      options.seed = 5;
      std::atomic<bool> stop{false};
      const TxGeneratorReport report = run_tx_generator(options, stop);
      EXPECT_EQ(report.accepted, 12u) << "binary " << binary << " batch " << batch;
      received[binary] = node.sink.received();
    }
    ASSERT_EQ(received[1].size(), 12u);
    EXPECT_EQ(received[0], received[1]) << "batch " << batch;
    for (const Transaction& tx : received[1]) {
      const std::uint64_t index = tx.payload[0];  // little-endian index, below 256 here
      EXPECT_EQ(tx.payload, make_payload(5, index, 300));
      EXPECT_EQ(tx.namespace_id, index % 2 == 0 ? 3u : 9u);
    }
  }
}

TEST(TxGenerator, RetriesTransactionsABusyNodeRefused) {
  SubmitNode busy(/*refuse=*/false, /*busy_answers=*/4);
  TxGeneratorOptions options;
  options.targets = {busy.server->url()};
  options.rate = 0;
  options.count = 5;
  options.workers = 2;
  options.busy_retry = 5ms;
  std::atomic<bool> stop{false};
  const TxGeneratorReport report = run_tx_generator(options, stop);
  EXPECT_EQ(report.sent, 5u);
  EXPECT_EQ(report.accepted, 5u);
  EXPECT_EQ(report.failed, 0u);
  EXPECT_EQ(report.busy, 4u);
  std::set<Bytes> payloads;
  for (const Transaction& tx : busy.sink.received()) payloads.insert(tx.payload);
  EXPECT_EQ(payloads.size(), 5u);  // each offered again until taken, none twice
  EXPECT_TRUE(contains(format_progress(report), "busy 4")) << format_progress(report);
}

TEST(TxGenerator, GivesUpRetryingWhenTheRunEnds) {
  SubmitNode refusing(/*refuse=*/true);
  TxGeneratorOptions options;
  options.targets = {refusing.server->url()};
  options.rate = 0;
  options.duration = 200ms;
  options.busy_retry = 20ms;
  std::atomic<bool> stop{false};
  const TxGeneratorReport report = run_tx_generator(options, stop);
  EXPECT_EQ(report.accepted, 0u);
  EXPECT_GE(report.failed, 1u);  // the last answer of each retried request
  EXPECT_GE(report.busy, 2u);
}

TEST(TxGeneratorCli, ParsesEveryOption) {
  const std::vector<std::string> args{"--url",
                                      "http://127.0.0.1:50000,http://127.0.0.1:50001",
                                      "--namespaces",
                                      "1,5",
                                      "--size",
                                      "100KiB",
                                      "--rate",
                                      "2.5",
                                      "--count",
                                      "9",
                                      "--duration",
                                      "1m",
                                      "--workers",
                                      "4",
                                      "--progress-interval",
                                      "500ms",
                                      "--timeout",
                                      "3s",
                                      "--seed",
                                      "77",
                                      "--batch",
                                      "8",
                                      "--busy-retry",
                                      "50ms",
                                      "--binary"};
  auto command = parse_tx_generator_args(args);
  ASSERT_TRUE(command) << command.error().message;
  const TxGeneratorOptions& o = command->options;
  EXPECT_EQ(o.targets.size(), 2u);
  EXPECT_EQ(o.namespaces, (std::vector<NamespaceId>{1, 5}));
  EXPECT_EQ(o.payload_size, 100u * 1024);
  EXPECT_EQ(o.rate, 2.5);
  EXPECT_EQ(o.count, 9u);
  EXPECT_EQ(o.duration, 60s);
  EXPECT_EQ(o.workers, 4u);
  EXPECT_EQ(o.progress_interval, 500ms);
  EXPECT_EQ(o.request_timeout, 3s);
  EXPECT_EQ(o.seed, 77u);
  EXPECT_EQ(o.batch, 8u);
  EXPECT_EQ(o.busy_retry, 50ms);
  EXPECT_TRUE(o.binary);
  EXPECT_TRUE(command->help.empty());
}

TEST(TxGeneratorCli, HelpAndErrors) {
  auto help = parse_tx_generator_args(std::vector<std::string>{"--help"});
  ASSERT_TRUE(help);
  for (const char* flag :
       {"--url", "--namespaces", "--size", "--rate", "--count", "--duration", "--workers"}) {
    EXPECT_TRUE(contains(help->help, flag)) << flag;
  }
  const auto error = [](std::vector<std::string> args) {
    auto parsed = parse_tx_generator_args(args);
    return parsed ? std::string() : parsed.error().message;
  };
  EXPECT_TRUE(contains(error({}), "--url"));
  EXPECT_TRUE(contains(error({"-u", "ftp://x"}), "ftp://x"));
  EXPECT_TRUE(contains(error({"-u", "http://h:1", "--size", "huge"}), "huge"));
  EXPECT_TRUE(contains(error({"-u", "http://h:1", "--rate", "-3"}), "\"-3\""));
  EXPECT_TRUE(contains(error({"-u", "http://h:1", "--namespaces", "4294967296"}), "4294967296"));
  EXPECT_TRUE(contains(error({"-u", "http://h:1", "--duration", "soon"}), "soon"));
  EXPECT_TRUE(contains(error({"-u", "http://h:1", "--busy-retry", "later"}), "later"));
  EXPECT_TRUE(contains(error({"-u", "http://h:1", "--busy-retry", "2m"}), "at most 1m"));
}

}  // namespace
}  // namespace espresso
