#include "consensus/stake_table.hpp"

#include <map>

#include <gtest/gtest.h>

namespace espresso::consensus {
namespace {

TEST(StakeTable, RejectsEmptyZeroWeightAndNoDaMember) {
  EXPECT_FALSE(StakeTable::create({}));
  EXPECT_FALSE(StakeTable::create({{0, true}}));
  EXPECT_FALSE(StakeTable::create({{1, false}, {1, false}}));
}

TEST(StakeTable, QuorumIsStrictlyMoreThanTwoThirds) {
  auto table = StakeTable::create({{1, true}, {1, true}, {1, true}, {1, false}});
  ASSERT_TRUE(table);
  EXPECT_FALSE(table->is_quorum(2));
  EXPECT_TRUE(table->is_quorum(3));
  EXPECT_FALSE(table->is_da_quorum(2));
  EXPECT_TRUE(table->is_da_quorum(3));
  EXPECT_EQ(table->max_faulty_weight(), 1u);
}

TEST(StakeTable, LeaderIsDeterministicAndStakeWeighted) {
  auto table = StakeTable::create({{1, true}, {3, false}});
  ASSERT_TRUE(table);
  std::map<NodeIndex, int> counts;
  for (ViewNumber v = 0; v < 4000; ++v) {
    EXPECT_EQ(table->leader(v), table->leader(v));
    ++counts[table->leader(v)];
  }
  EXPECT_NEAR(counts[1] / 4000.0, 0.75, 0.05);
}

}  // namespace
}  // namespace espresso::consensus
