#include "vid/share_assignment.hpp"

#include <numeric>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace espresso::vid {
namespace {

std::uint64_t weight_of(const std::vector<std::uint64_t>& weights, const std::vector<bool>& in) {
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) sum += in[i] ? weights[i] : 0;
  return sum;
}

unsigned shares_of(const ShareAssignment& a, const std::vector<bool>& in) {
  unsigned sum = 0;
  for (std::size_t i = 0; i < in.size(); ++i) sum += in[i] ? a.counts[i] : 0;
  return sum;
}

TEST(ShareAssignment, EqualStakeGetsEqualShares) {
  const std::vector<std::uint64_t> weights(100, 7);
  const auto a = assign_shares(weights).value();
  EXPECT_EQ(a.total, 100u);
  EXPECT_EQ(a.recovery, 34u);  // 33 nodes hold exactly 33% ≤ 1/3; 34 exceed it
  for (auto c : a.counts) EXPECT_EQ(c, 1);
  EXPECT_EQ(a.first_index(10), 10u);
}

TEST(ShareAssignment, EqualStakesTakeOneShareEach) {
  // Budget 64 gives 6 shares each and k = 24 (any 4 nodes); the common factor 6 is divided out.
  const auto ten = assign_shares(std::vector<std::uint64_t>(10, 1)).value();
  EXPECT_EQ(ten.total, 10u);
  EXPECT_EQ(ten.recovery, 4u);  // 3 nodes are ≤ 1/3, any 4 exceed it
  const auto four = assign_shares(std::vector<std::uint64_t>(4, 5)).value();
  EXPECT_EQ(four.total, 4u);
  EXPECT_EQ(four.recovery, 2u);
}

TEST(ShareAssignment, CommonFactorIsDividedOut) {
  // At the budget's scale: 36, 18, 9, 0 (63 shares); the fewest shares above 1/3 of the stake
  // are nodes 1 and 2's 27 (node 0 alone holds 36). Divided by 9: 4, 2, 1 and k = 3, the same
  // fraction of the payload per node.
  const auto a = assign_shares(std::vector<std::uint64_t>{400, 200, 100, 0}).value();
  EXPECT_EQ(a.counts, (std::vector<std::uint8_t>{4, 2, 1, 0}));
  EXPECT_EQ(a.total, 7u);
  EXPECT_EQ(a.recovery, 3u);
}

TEST(ShareAssignment, StakeFollowsWeight) {
  const std::vector<std::uint64_t> weights{1000, 10, 10, 0, 500};
  const auto a = assign_shares(weights).value();
  EXPECT_GT(a.counts[0], a.counts[4]);
  EXPECT_GT(a.counts[4], a.counts[1]);
  EXPECT_EQ(a.counts[3], 0);
  EXPECT_LE(a.total, 64u);
}

TEST(ShareAssignment, RejectsBadInput) {
  EXPECT_FALSE(assign_shares(std::vector<std::uint64_t>{}));
  EXPECT_FALSE(assign_shares(std::vector<std::uint64_t>{0, 0}));
  EXPECT_FALSE(assign_shares(std::vector<std::uint64_t>(256, 1)));
  EXPECT_FALSE(assign_shares(std::vector<std::uint64_t>{UINT64_MAX, 1}));
  VidConfig bad;
  bad.threshold = {3, 3};
  const auto error = assign_shares(std::vector<std::uint64_t>{1}, bad);
  ASSERT_FALSE(error);
  EXPECT_NE(error.error().message.find("3/3"), std::string::npos);
}

RC_GTEST_PROP(ShareAssignment, EverySetAboveThresholdHoldsK, ()) {
  const auto weights = *rc::gen::suchThat(
      rc::gen::container<std::vector<std::uint64_t>>(*rc::gen::inRange<std::size_t>(1, 40),
                                                     rc::gen::inRange<std::uint64_t>(0, 1'000'000)),
      [](const auto& w) { return std::accumulate(w.begin(), w.end(), std::uint64_t{0}) > 0; });
  VidConfig config;
  config.threshold = {*rc::gen::inRange<std::uint64_t>(0, 3), 3};
  const auto a = assign_shares(weights, config).value();
  const std::uint64_t total = std::accumulate(weights.begin(), weights.end(), std::uint64_t{0});
  RC_ASSERT(a.total <= kMaxTotalShares);
  RC_ASSERT(a.recovery >= 1u);
  RC_ASSERT(a.recovery <= a.total);
  for (int trial = 0; trial < 50; ++trial) {
    const auto in =
        *rc::gen::container<std::vector<bool>>(weights.size(), rc::gen::arbitrary<bool>());
    if (weight_of(weights, in) * 3 > total * config.threshold.numerator) {
      RC_ASSERT(shares_of(a, in) >= a.recovery);
    }
  }
}

// Exhaustively over all node subsets of small committees: k is exactly the fewest shares any set
// above the threshold holds, so it is both safe and as large (as little redundancy) as possible.
RC_GTEST_PROP(ShareAssignment, RecoveryCountIsExactForSmallCommittees, ()) {
  const auto weights = *rc::gen::suchThat(
      rc::gen::container<std::vector<std::uint64_t>>(*rc::gen::inRange<std::size_t>(1, 11),
                                                     rc::gen::inRange<std::uint64_t>(0, 50)),
      [](const auto& w) { return std::accumulate(w.begin(), w.end(), std::uint64_t{0}) > 0; });
  const auto a = assign_shares(weights).value();
  const std::uint64_t total = std::accumulate(weights.begin(), weights.end(), std::uint64_t{0});
  unsigned fewest_above = kMaxTotalShares + 1;
  for (unsigned mask = 0; mask < (1u << weights.size()); ++mask) {
    std::vector<bool> in(weights.size());
    for (std::size_t i = 0; i < weights.size(); ++i) in[i] = (mask >> i) & 1u;
    if (weight_of(weights, in) * 3 > total) fewest_above = std::min(fewest_above, shares_of(a, in));
  }
  RC_ASSERT(a.recovery == fewest_above);
}

}  // namespace
}  // namespace espresso::vid
