#include "state/validated_state.hpp"

#include <gtest/gtest.h>

#include "state/fee_rule.hpp"
#include "state/genesis_state.hpp"
#include "state/test_chain.hpp"

namespace espresso {
namespace {

using state_test::test_config;
using state_test::test_genesis;
using state_test::test_key;

TEST(GenesisState, FundsAccountsAndCommitsToTheirRoot) {
  const Address alice = test_key(1).address();
  const Address bob = test_key(2).address();
  const auto genesis = test_genesis(test_config(1), {{alice, 1000}, {bob, 5}});

  EXPECT_EQ(genesis.state.balance(alice), 1000);
  EXPECT_EQ(genesis.state.balance(bob), 5);
  EXPECT_EQ(genesis.state.balance(test_key(3).address()), 0);
  EXPECT_EQ(genesis.header.height, 0u);
  EXPECT_EQ(genesis.header.timestamp, state_test::kGenesisTime);
  EXPECT_EQ(genesis.header.l1_head, 100u);
  EXPECT_EQ(genesis.header.fee_merkle_tree_root, genesis.state.fee_merkle_tree_root());
  EXPECT_EQ(genesis.header.fee_merkle_tree_root.num_leaves, 2u);
  EXPECT_EQ(genesis.header.block_merkle_tree_root, BlockMerkleTree().commitment());
  EXPECT_FALSE(genesis.header.builder_signature.has_value());
  EXPECT_FALSE(genesis.header.ns_table.validate(0).has_value());
}

TEST(GenesisState, RejectsAnAccountListedTwice) {
  GenesisDescription description;
  const Address alice = test_key(1).address();
  description.accounts = {{alice, 1}, {alice, 2}};
  auto genesis = make_genesis(description);
  ASSERT_FALSE(genesis);
  EXPECT_NE(genesis.error().message.find(alice.to_hex()), std::string::npos);
}

TEST(ValidatedState, ChargeFeeMovesTheFeeToTheRecipient) {
  const Address builder = test_key(1).address();
  auto state = test_genesis(test_config(1), {{builder, 100}}).state;
  const Address recipient = state.chain_config.fee_recipient;

  ASSERT_TRUE(state.charge_fee(FeeInfo{builder, 30}, recipient));
  EXPECT_EQ(state.balance(builder), 70);
  EXPECT_EQ(state.balance(recipient), 30);

  // Paying the whole balance removes the account, as upstream.
  ASSERT_TRUE(state.charge_fee(FeeInfo{builder, 70}, recipient));
  EXPECT_EQ(state.fee_tree.get(builder), std::nullopt);
  EXPECT_EQ(state.balance(recipient), 100);
}

TEST(ValidatedState, ChargeFeeBeyondTheBalanceChangesNothing) {
  const Address builder = test_key(1).address();
  auto state = test_genesis(test_config(1), {{builder, 10}}).state;
  const auto before = state;
  auto charged = state.charge_fee(FeeInfo{builder, 11}, state.chain_config.fee_recipient);
  ASSERT_FALSE(charged);
  EXPECT_EQ(charged.error().reason, RejectReason::kInsufficientBalance);
  EXPECT_NE(charged.error().message.find("holds 10 wei"), std::string::npos);
  EXPECT_EQ(state, before);
}

TEST(ValidatedState, ZeroFeeNeedsNoAccount) {
  auto state = test_genesis(test_config(0), {}).state;
  const auto root = state.fee_merkle_tree_root();
  ASSERT_TRUE(
      state.charge_fee(FeeInfo{test_key(9).address(), 0}, state.chain_config.fee_recipient));
  EXPECT_EQ(state.fee_merkle_tree_root(), root);
}

TEST(ValidatedState, ApplyHeaderAppendsTheParentAndCreditsDeposits) {
  const auto genesis = test_genesis(test_config(0), {});
  const Address depositor = test_key(4).address();
  const FeeInfo deposits[] = {{depositor, 7}, {depositor, 8}};
  Header child = genesis.header;
  child.height = 1;
  auto next = apply_header(genesis.state, genesis.header, child, deposits);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->balance(depositor), 15);

  BlockMerkleTree full;
  ASSERT_TRUE(full.push(commit(genesis.header).digest));
  EXPECT_EQ(next->block_merkle_tree_root(), full.commitment());
  EXPECT_EQ(next->block_tree.last_leaf(), commit(genesis.header).digest);
}

TEST(FeeRule, RequiredFeeIsBaseFeeTimesBytesWithoutWrapping) {
  EXPECT_EQ(required_fee(3, 1000), 3000);
  EXPECT_EQ(required_fee(0, 1000), 0);
  EXPECT_EQ(required_fee(5, 0), 0);
  const U256 max = std::numeric_limits<U256>::max();
  EXPECT_EQ(required_fee(max, 1), max);
  EXPECT_EQ(required_fee(max / 2 + 1, 2), std::nullopt);
}

TEST(Rejection, EveryReasonHasADistinctName) {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < kNumRejectReasons; ++i) {
    auto name = to_string(static_cast<RejectReason>(i));
    EXPECT_NE(name, "unknown");
    names.insert(name);
  }
  EXPECT_EQ(names.size(), kNumRejectReasons);
  EXPECT_EQ(Rejection({RejectReason::kInvalidHeight, "height 5"}).to_error().message,
            "invalid_height: height 5");
}

}  // namespace
}  // namespace espresso
