#include <gtest/gtest.h>

#include "consensus/upgrade.hpp"
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

// With blocks too small for what is pending, leaders leave transactions out; each is still decided
// exactly once (they once were dropped from the mempool unsequenced).
TEST(Simulation, EverySubmittedTransactionIsDecidedExactlyOnce) {
  for (std::size_t cap : {std::size_t{100}, SIZE_MAX}) {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
      ScheduleOptions options;
      options.seed = seed;
      options.faults = *parse_faults("delay");
      options.max_payload_bytes = cap;
      options.check_transactions = true;
      const ScheduleResult result = run_schedule(options);
      EXPECT_FALSE(result.violation) << *result.violation << " | cap " << cap << " seed " << seed;
      EXPECT_GT(result.transactions_decided, 0u);
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
  for (std::uint64_t seed = 1; seed <= 1000 && caught == 0; ++seed) {
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

consensus::UpgradeConfig upgrade_window(consensus::ViewNumber start, consensus::ViewNumber stop) {
  consensus::UpgradeConfig config;
  config.start_proposing_view = start;
  config.stop_proposing_view = stop;
  config.activation_offset = 4;
  return config;
}

TEST(Simulation, UpgradesInsideTheWindowAtOneHeightForEveryHonestNode) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    ScheduleOptions options;
    options.seed = seed;
    options.faults = *parse_faults("delay,dup,crash");
    options.views = 25;
    options.upgrade = upgrade_window(3, 200);
    const ScheduleResult result = run_schedule(options);
    // The run checks that every honest decided chain switches once, at the same height.
    ASSERT_FALSE(result.violation) << *result.violation << " | " << replay_command(options);
    ASSERT_TRUE(result.upgrade_height) << replay_command(options);
    EXPECT_GT(*result.upgrade_height, 1u);
    // Not before the window opens plus the offset.
    EXPECT_GE(*result.upgrade_view, 3u + options.upgrade->activation_offset);
  }
}

// Regression: a node that crashed after timing out resumed in its last voted view without the
// TC that led there; the others, one view behind, could never form that TC (it had already left
// their view) and the network stalled until the event budget ran out.
TEST(Simulation, RestartedNodesResumeInACertifiedView) {
  ScheduleOptions options;
  options.seed = 1683;
  options.views = 10;
  options.upgrade = *parse_upgrade("2:3:4");
  const ScheduleResult result = run_schedule(options);
  EXPECT_FALSE(result.violation) << *result.violation << " | " << replay_command(options);
  EXPECT_GE(result.decided_blocks, 10u);
}

// Regression: decided proposals lived only in memory, so once every peer of a lagging node had
// restarted, nobody answered its requests for them and it never caught up. Now the store keeps the
// decided chain's recent proposals and a restarted replica serves them.
TEST(Simulation, LaggingNodeCatchesUpAfterItsPeersRestarted) {
  const std::pair<std::uint64_t, const char*> cases[] = {{18, "crash,loss,delay"},
                                                         {2021, "crash,loss,delay"},
                                                         {372, "crash"},
                                                         {2251, "crash"},
                                                         {2479, "crash"},
                                                         {32005, "all"},
                                                         {32667, "all"}};
  for (const auto& [seed, faults] : cases) {
    ScheduleOptions options;
    options.seed = seed;
    options.faults = *parse_faults(faults);
    const ScheduleResult result = run_schedule(options);
    EXPECT_FALSE(result.violation) << *result.violation << " | " << replay_command(options);
  }
}

TEST(Simulation, NoUpgradeOutsideTheWindow) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    ScheduleOptions options;
    options.seed = seed;
    options.faults = *parse_faults("delay,dup");
    options.views = 15;
    options.upgrade = upgrade_window(5000, 5010);  // never reached
    const ScheduleResult result = run_schedule(options);
    ASSERT_FALSE(result.violation) << *result.violation;
    EXPECT_GE(result.decided_blocks, 15u);
    EXPECT_FALSE(result.upgrade_height);
  }
}

TEST(Simulation, UpgradesWithByzantineNodesAndLossStaySafe) {
  // With up to 1/3 Byzantine stake the 9/10 certificate may never form; either way nothing
  // breaks and no honest chain switches inconsistently.
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    ScheduleOptions options;
    options.seed = seed;
    options.views = 10;
    options.upgrade = upgrade_window(2, 40);
    const ScheduleResult result = run_schedule(options);
    ASSERT_FALSE(result.violation) << *result.violation << " | " << replay_command(options);
  }
}

// Time-based windows: the replicas read the schedule's virtual clock.
TEST(Simulation, TimeBasedUpgradeWindowOpenAndClosed) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    ScheduleOptions options;
    options.seed = seed;
    options.faults = *parse_faults("delay,dup,crash");
    options.views = 25;
    options.upgrade = *parse_upgrade_time("1:1000:4");  // opens 1 s after the start
    const ScheduleResult open = run_schedule(options);
    ASSERT_FALSE(open.violation) << *open.violation << " | " << replay_command(options);
    ASSERT_TRUE(open.upgrade_height) << replay_command(options);
    // A view lasts at least a few ms here, so the window opens only after the first views.
    EXPECT_GT(*open.upgrade_view, 4u);
    EXPECT_NE(replay_command(options).find("--upgrade-time 1:1000:4"), std::string::npos);

    options.upgrade = *parse_upgrade_time("5000:6000:4");  // never reached
    const ScheduleResult closed = run_schedule(options);
    ASSERT_FALSE(closed.violation) << *closed.violation;
    EXPECT_FALSE(closed.upgrade_height);
  }
}

TEST(Simulation, ParsesTheUpgradeWindow) {
  const auto parsed = parse_upgrade("3:20:5");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->start_proposing_view, 3u);
  EXPECT_EQ(parsed->stop_proposing_view, 20u);
  EXPECT_EQ(parsed->activation_offset, 5u);
  for (const char* bad : {"", "3:20", "20:3:1", "a:b:c", "3:20:5:6", "-1:4:2"}) {
    const auto rejected = parse_upgrade(bad);
    ASSERT_FALSE(rejected) << bad;
    EXPECT_NE(rejected.error().message.find("START:STOP:OFFSET"), std::string::npos);
  }
  const auto timed = parse_upgrade_time("3:20:5");
  ASSERT_TRUE(timed);
  EXPECT_EQ(timed->start_proposing_time, kSimEpochUnixSeconds + 3);
  EXPECT_EQ(timed->stop_proposing_time, kSimEpochUnixSeconds + 20);
  EXPECT_TRUE(timed->uses_time());
  EXPECT_FALSE(parse_upgrade_time("20:3:1"));
}

TEST(Simulation, RejectsUnknownFaultNames) {
  const auto parsed = parse_faults("loss,gremlins");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("gremlins"), std::string::npos);
}

}  // namespace
}  // namespace espresso::sim
