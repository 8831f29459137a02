#include "decide_tracker.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace espresso {
namespace {

using namespace std::chrono_literals;

TEST(DecideTracker, ReportsOwnLatencyPerBlockAndSummary) {
  DecideTracker tracker;
  const auto t0 = DecideClock::now();
  tracker.submitted("TX~a", t0, 1000);
  tracker.submitted("TX~b", t0 + 10ms, 1000);
  tracker.submitted("TX~c", t0 + 20ms, 1000);

  const DecidedBlockReport first =
      tracker.decided({5, {"TX~other", "TX~a", "TX~b"}, 2500}, t0 + 110ms);
  EXPECT_EQ(first.height, 5u);
  EXPECT_EQ(first.transactions, 3u);
  EXPECT_EQ(first.payload_bytes, 2500u);
  EXPECT_EQ(first.own_transactions, 2u);
  EXPECT_NEAR(*first.own_latency_p50_ms, 100.0, 0.01);
  EXPECT_NEAR(*first.own_latency_max_ms, 110.0, 0.01);
  EXPECT_EQ(tracker.pending(), 1u);

  const DecideSummary summary = tracker.summary();
  EXPECT_EQ(summary.submitted, 3u);
  EXPECT_EQ(summary.finalized, 2u);
  EXPECT_EQ(summary.finalized_bytes, 2000u);
  EXPECT_EQ(summary.never_decided, 1u);
  EXPECT_EQ(summary.blocks, 1u);
  EXPECT_EQ(summary.window, 110ms);
  EXPECT_NEAR(summary.finalized_mb_per_s, 0.002 / 0.110, 1e-9);
  EXPECT_NEAR(*summary.latency_p50_ms, 100.0, 0.01);
  EXPECT_NEAR(*summary.latency_p99_ms, 110.0, 0.01);

  const std::string line = format_decided_block(first);
  EXPECT_NE(line.find("block 5: 3 tx, 2500 bytes, ours 2"), std::string::npos) << line;
  const std::string total = format_decide_summary(summary);
  EXPECT_NE(total.find("2 of 3 transactions finalized"), std::string::npos) << total;
  EXPECT_NE(total.find("never decided 1"), std::string::npos) << total;
}

TEST(DecideTracker, BlockSeenBeforeTheSubmitAnswerStillCounts) {
  DecideTracker tracker;
  const auto t0 = DecideClock::now();
  const DecidedBlockReport block = tracker.decided({1, {"TX~late"}, 10}, t0 + 50ms);
  EXPECT_EQ(block.own_transactions, 0u);
  EXPECT_FALSE(block.own_latency_p50_ms);
  tracker.submitted("TX~late", t0, 10);
  EXPECT_EQ(tracker.pending(), 0u);
  EXPECT_EQ(tracker.summary().finalized, 1u);
  EXPECT_NEAR(*tracker.summary().latency_p50_ms, 50.0, 0.01);
}

TEST(DecideTracker, NothingDecidedHasNoLatencyOrRate) {
  DecideTracker tracker;
  tracker.submitted("TX~x", DecideClock::now(), 10);
  const DecideSummary summary = tracker.summary();
  EXPECT_EQ(summary.finalized, 0u);
  EXPECT_EQ(summary.finalized_mb_per_s, 0);
  EXPECT_FALSE(summary.latency_p50_ms);
  EXPECT_NE(format_decide_summary(summary).find("p50 -"), std::string::npos);
}

TEST(Percentile, NearestRank) {
  EXPECT_FALSE(percentile({}, 0.5));
  EXPECT_EQ(*percentile({3, 1, 2}, 0.5), 2);
  EXPECT_EQ(*percentile({3, 1, 2}, 1.0), 3);
  EXPECT_EQ(*percentile({3, 1, 2}, 0.0), 1);
}

RC_GTEST_PROP(Percentile, IsAnElementBetweenMinAndMax, (std::vector<int> ints, int fraction_pct)) {
  RC_PRE(!ints.empty());
  std::vector<double> values(ints.begin(), ints.end());
  const double fraction = static_cast<double>(std::abs(fraction_pct % 101)) / 100.0;
  const double value = *percentile(values, fraction);
  RC_ASSERT(std::find(values.begin(), values.end(), value) != values.end());
  RC_ASSERT(value >= *std::min_element(values.begin(), values.end()));
  RC_ASSERT(value <= *std::max_element(values.begin(), values.end()));
}

}  // namespace
}  // namespace espresso
