#include <gtest/gtest.h>

#include "sim/checker.hpp"
#include "sim/simulation.hpp"

namespace espresso::sim {
namespace {

TEST(Simulation, SameSeedGivesTheSameTrace) {
  for (std::uint64_t seed : {3, 17, 99}) {
    ScheduleOptions options;
    options.seed = seed;
    const ScheduleResult a = run_schedule(options);
    const ScheduleResult b = run_schedule(options);
    EXPECT_EQ(a.trace_hash, b.trace_hash) << "seed " << seed;
    EXPECT_EQ(a.events, b.events);
    EXPECT_NE(a.trace_hash, 0u);
  }
  ScheduleOptions one, two;
  one.seed = 5;
  two.seed = 6;
  EXPECT_NE(run_schedule(one).trace_hash, run_schedule(two).trace_hash);
}

TEST(Simulation, EveryFaultTypeAloneKeepsSafetyAndLiveness) {
  for (const char* name :
       {"delay", "loss", "dup", "partition", "crash", "silent", "equivocate", "invalid", "twins"}) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      ScheduleOptions options;
      options.seed = seed;
      options.faults = *parse_faults(name);
      const ScheduleResult result = run_schedule(options);
      EXPECT_FALSE(result.violation) << *result.violation << " | " << replay_command(options);
      EXPECT_GE(result.decided_blocks, options.views);
    }
  }
}

TEST(Simulation, LargeNetworksDecide) {
  for (std::size_t nodes : {50, 200}) {
    ScheduleOptions options;
    options.seed = 11;
    options.nodes = nodes;
    options.faults = *parse_faults("dup,silent,invalid");
    options.views = 2;
    const ScheduleResult result = run_schedule(options);
    EXPECT_FALSE(result.violation) << *result.violation;
    EXPECT_GE(result.decided_blocks, 2u);
  }
}

// The checker can fail: with a deliberately broken rule the simulator finds a violation.
void expect_caught(consensus::BrokenRule rule, const char* faults) {
  std::uint64_t caught = 0;
  for (std::uint64_t seed = 1; seed <= 300 && caught == 0; ++seed) {
    ScheduleOptions options;
    options.seed = seed;
    options.faults = *parse_faults(faults);
    options.broken_rule = rule;
    if (run_schedule(options).violation) ++caught;
  }
  EXPECT_GT(caught, 0u);
}

TEST(Simulation, CatchesDecidingOnOneChain) {
  expect_caught(consensus::BrokenRule::kDecideOnOneChain, "loss,partition,delay,silent");
}

TEST(Simulation, CatchesVotingTwice) {
  expect_caught(consensus::BrokenRule::kVoteTwice, "equivocate");
}

TEST(Simulation, CatchesIgnoringTheLock) {
  expect_caught(consensus::BrokenRule::kIgnoreLock, "equivocate");
}

TEST(Simulation, RealBlsSignaturesWithByzantineNodes) {
  for (std::uint64_t seed : {1, 2}) {
    ScheduleOptions options;
    options.seed = seed;
    options.bls = true;
    options.nodes = 4;
    options.views = 2;
    options.faults = *parse_faults("invalid,equivocate,loss");
    const ScheduleResult result = run_schedule(options);
    EXPECT_FALSE(result.violation) << *result.violation;
    EXPECT_GE(result.decided_blocks, 2u);
  }
}

TEST(InvariantChecker, FlagsConflictingDecisionsAndGaps) {
  consensus::Leaf a{1, 1, consensus::genesis_leaf().commitment(), {}, {}};
  consensus::Leaf b = a;
  b.view = 2;  // a different leaf at the same height
  InvariantChecker agree(2);
  agree.on_decide(0, a);
  agree.on_decide(1, a);
  agree.on_decide(1, a);  // re-decided after a restart: fine
  EXPECT_FALSE(agree.violation());
  InvariantChecker conflict(2);
  conflict.on_decide(0, a);
  conflict.on_decide(1, b);
  ASSERT_TRUE(conflict.violation());
  EXPECT_NE(conflict.violation()->find("two different leaves"), std::string::npos);
  InvariantChecker gap(1);
  consensus::Leaf c{3, 2, a.commitment(), {}, {}};
  gap.on_decide(0, c);
  EXPECT_TRUE(gap.violation());
}

TEST(Simulation, RealVidDecidedPayloadsAreRecoverable) {
  for (std::uint64_t seed : {1, 2, 3}) {
    ScheduleOptions options;
    options.seed = seed;
    options.real_vid = true;
    options.views = 3;
    options.faults = *parse_faults("loss,crash,invalid,silent");
    const ScheduleResult result = run_schedule(options);
    EXPECT_FALSE(result.violation) << *result.violation << " | " << replay_command(options);
    EXPECT_GE(result.decided_blocks, 3u);
  }
}

TEST(Simulation, RejectsUnknownFaultNames) {
  const auto parsed = parse_faults("loss,gremlins");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("gremlins"), std::string::npos);
}

}  // namespace
}  // namespace espresso::sim
