#include "api/orchestrator/registry.hpp"

#include <gtest/gtest.h>

#include "api/orchestrator/test_registrations.hpp"

namespace espresso {
namespace {

using testing::test_registration;

ConsensusParameters params(std::uint64_t n, std::uint64_t threshold) {
  ConsensusParameters p;
  p.num_nodes = n;
  p.start_threshold = threshold;
  p.da_committee_size = n;
  return p;
}

TEST(OrchestratorRegistry, IndicesFollowRegistrationOrderAndRepeatsKeepTheirIndex) {
  OrchestratorRegistry registry(params(3, 3));
  for (std::uint64_t i : {2u, 0u, 1u}) {
    auto outcome = registry.register_node(test_registration(i));
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_TRUE(outcome->new_node);
  }
  auto again = registry.register_node(test_registration(0));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->index, 1u);
  EXPECT_FALSE(again->new_node);
  auto config = registry.config();
  ASSERT_TRUE(config);
  EXPECT_EQ(config->nodes[0].staking_key, test_registration(2).staking_key);
  EXPECT_EQ(config->nodes[1].staking_key, test_registration(0).staking_key);
}

TEST(OrchestratorRegistry, NotReadyUntilTheThresholdThenFrozen) {
  OrchestratorRegistry registry(params(4, 2));
  ASSERT_TRUE(registry.register_node(test_registration(0)));
  EXPECT_FALSE(registry.config());
  auto second = registry.register_node(test_registration(1));
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->started);
  ASSERT_TRUE(registry.config());
  EXPECT_EQ(registry.config()->nodes.size(), 2u);

  auto late = registry.register_node(test_registration(2));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, RegistrationRefusal::kConflict);
  EXPECT_NE(late.error().message.find("already started with 2 nodes"), std::string::npos);

  // A started node re-registering with a new address keeps the frozen config.
  auto moved = test_registration(1);
  moved.p2p_address.port = 1;
  ASSERT_TRUE(registry.register_node(moved));
  EXPECT_EQ(registry.config()->nodes[1].p2p_address, test_registration(1).p2p_address);
}

TEST(OrchestratorRegistry, UpdatesAddressesBeforeTheStart) {
  OrchestratorRegistry registry(params(2, 2));
  ASSERT_TRUE(registry.register_node(test_registration(0)));
  auto moved = test_registration(0);
  moved.p2p_address.port = 1234;
  ASSERT_TRUE(registry.register_node(moved));
  ASSERT_TRUE(registry.register_node(test_registration(1)));
  EXPECT_EQ(registry.config()->nodes[0].p2p_address.port, 1234);
}

TEST(OrchestratorRegistry, RefusesBadProofsAndReusedStateKeys) {
  OrchestratorRegistry registry(params(4, 4));
  auto forged = test_registration(0);
  forged.proof_of_possession = test_registration(1).proof_of_possession;
  auto refused = registry.register_node(forged);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, RegistrationRefusal::kBadRequest);
  EXPECT_NE(refused.error().message.find("proof_of_possession does not verify"), std::string::npos);

  ASSERT_TRUE(registry.register_node(test_registration(0)));
  auto copy = test_registration(1);
  copy.state_key = test_registration(0).state_key;
  auto conflict = registry.register_node(copy);
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().kind, RegistrationRefusal::kConflict);
  EXPECT_EQ(registry.registered(), 1u);
}

}  // namespace
}  // namespace espresso
