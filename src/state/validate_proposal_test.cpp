#include "state/validate_proposal.hpp"

#include <gtest/gtest.h>

#include "state/test_chain.hpp"
#include "types/builder_signature.hpp"

namespace espresso {
namespace {

using state_test::empty_contents;
using state_test::make_contents;
using state_test::test_config;
using state_test::test_genesis;
using state_test::test_key;
using state_test::TestChain;

constexpr std::uint32_t kTwoNamespaces[] = {7, 9};

// A funded builder on a chain with a 2 wei/byte base fee, and one valid block on top of genesis.
class ProposalRules : public ::testing::Test {
 protected:
  EthPrivateKey builder = test_key(1);
  TestChain chain{test_genesis(test_config(2), {{builder.address(), 1'000'000}})};
  BlockContents contents = make_contents(kTwoNamespaces, 50);
  BuiltBlock block = chain.build(contents, builder).value();
  ProposalContext context = state_test::context_for(contents, block.header.timestamp);

  RejectReason rejection_of(const Header& header) const { return rejection_with(header, context); }
  RejectReason rejection_with(const Header& header, const ProposalContext& with) const {
    auto result = validate_proposal(chain.tip_state(), chain.tip(), header, with);
    EXPECT_FALSE(result) << "accepted a header that breaks a rule";
    if (result) return RejectReason::kStateOverflow;
    EXPECT_FALSE(result.error().message.empty());
    return result.error().reason;
  }
  // The header with its fee info replaced and re-signed by `key`.
  Header resigned(Header header, const EthPrivateKey& key, const U256& amount) const {
    header.fee_info = FeeInfo{key.address(), amount};
    header.builder_signature = sign_builder_fee(key, amount, header.ns_table).value();
    return header;
  }
};

TEST_F(ProposalRules, AcceptsTheBuiltBlockAndReturnsItsState) {
  auto after = chain.validate(block.header, contents);
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(*after, block.state);
  EXPECT_EQ(block.header.fee_info.amount, 2 * contents.payload_byte_len);
}

TEST_F(ProposalRules, WrongHeight) {
  for (std::uint64_t height : {std::uint64_t{0}, std::uint64_t{2}, UINT64_MAX}) {
    Header header = block.header;
    header.height = height;
    EXPECT_EQ(rejection_of(header), RejectReason::kInvalidHeight);
  }
}

TEST_F(ProposalRules, TimestampGoingBackwards) {
  Header header = block.header;
  header.timestamp = chain.tip().timestamp - 1;
  EXPECT_EQ(rejection_with(header, state_test::context_for(contents, header.timestamp)),
            RejectReason::kDecrementingTimestamp);
}

TEST_F(ProposalRules, TimestampTooFarFromTheLocalClock) {
  Header header = block.header;
  header.timestamp += kMaxTimestampDriftSeconds + 1;
  EXPECT_EQ(rejection_of(header), RejectReason::kTimestampDrift);
  ProposalContext late = context;
  late.now = block.header.timestamp + kMaxTimestampDriftSeconds + 1;
  EXPECT_EQ(rejection_with(block.header, late), RejectReason::kTimestampDrift);
  late.now = block.header.timestamp + kMaxTimestampDriftSeconds;
  EXPECT_TRUE(validate_proposal(chain.tip_state(), chain.tip(), block.header, late));
}

TEST_F(ProposalRules, BadNsTable) {
  Header header = block.header;
  Bytes bytes = header.ns_table.bytes();
  bytes.pop_back();
  header.ns_table = NsTable(bytes);
  EXPECT_EQ(rejection_of(header), RejectReason::kInvalidNsTable);
  // A well-formed table that does not end at the payload's length.
  header.ns_table = make_contents(kTwoNamespaces, 51).ns_table;
  EXPECT_EQ(rejection_of(header), RejectReason::kInvalidNsTable);
}

TEST_F(ProposalRules, WrongPayloadCommitment) {
  ProposalContext other = context;
  other.payload_commitment = make_contents(kTwoNamespaces, 51).payload_commitment;
  EXPECT_EQ(rejection_with(block.header, other), RejectReason::kPayloadCommitmentMismatch);
}

TEST_F(ProposalRules, OversizePayload) {
  ProposalContext oversize = context;
  oversize.payload_byte_len = chain.tip_state().chain_config.max_block_size + 1;
  EXPECT_EQ(rejection_with(block.header, oversize), RejectReason::kMaxBlockSizeExceeded);

  const std::uint32_t one[] = {1};
  auto big = make_contents(one, 31000);
  auto built = chain.build(big, builder);
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().reason, RejectReason::kMaxBlockSizeExceeded);
}

TEST_F(ProposalRules, WrongChainConfig) {
  Header header = block.header;
  header.chain_config = ResolvableChainConfig{test_config(3)};
  EXPECT_EQ(rejection_of(header), RejectReason::kInvalidChainConfig);
  // The commitment alone, when it is the right one, is enough.
  header.chain_config = ResolvableChainConfig{commit(chain.tip_state().chain_config).digest};
  EXPECT_TRUE(validate_proposal(chain.tip_state(), chain.tip(), header, context));
}

TEST_F(ProposalRules, BadBuilderSignature) {
  Header header = block.header;
  header.builder_signature->s ^= 1;
  EXPECT_EQ(rejection_of(header), RejectReason::kInvalidBuilderSignature);
  header = block.header;
  header.builder_signature->v = header.builder_signature->v == 27 ? 28 : 27;
  EXPECT_EQ(rejection_of(header), RejectReason::kInvalidBuilderSignature);
  // Signed by another key than the fee account's.
  header = block.header;
  header.builder_signature =
      sign_builder_fee(test_key(2), header.fee_info.amount, header.ns_table).value();
  EXPECT_EQ(rejection_of(header), RejectReason::kInvalidBuilderSignature);
  // A fee amount that differs from the signed one.
  header = block.header;
  header.fee_info.amount += 1;
  EXPECT_EQ(rejection_of(header), RejectReason::kInvalidBuilderSignature);
  header = block.header;
  header.builder_signature.reset();
  EXPECT_EQ(rejection_of(header), RejectReason::kMissingBuilderSignature);
}

TEST_F(ProposalRules, FeeBelowBaseFeeTimesBytes) {
  Header header = resigned(block.header, builder, block.header.fee_info.amount - 1);
  EXPECT_EQ(rejection_of(header), RejectReason::kInsufficientFee);
  header = block.header;
  header.fee_info.amount = U256(1) << 64;
  EXPECT_EQ(rejection_of(header), RejectReason::kFeeAmountOutOfRange);
}

TEST_F(ProposalRules, InsufficientBalance) {
  const EthPrivateKey poor = test_key(2);
  Header header = resigned(block.header, poor, block.header.fee_info.amount);
  EXPECT_EQ(rejection_of(header), RejectReason::kInsufficientBalance);
  auto built = chain.build(contents, poor);
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().reason, RejectReason::kInsufficientBalance);
}

TEST_F(ProposalRules, WrongMerkleRoots) {
  Header header = block.header;
  header.block_merkle_tree_root = chain.tip_state().block_merkle_tree_root();
  EXPECT_EQ(rejection_of(header), RejectReason::kInvalidBlockRoot);
  header = block.header;
  header.fee_merkle_tree_root = chain.tip_state().fee_merkle_tree_root();
  EXPECT_EQ(rejection_of(header), RejectReason::kInvalidFeeRoot);
  // A builder that forgot to charge itself.
  header = resigned(block.header, builder, block.header.fee_info.amount + 1);
  EXPECT_EQ(rejection_of(header), RejectReason::kInvalidFeeRoot);
}

TEST_F(ProposalRules, L1FieldsMonotonicAndAsL1Says) {
  Header header = block.header;
  header.l1_head = chain.tip().l1_head - 1;
  EXPECT_EQ(rejection_of(header), RejectReason::kDecrementingL1Head);
  header = block.header;
  header.l1_finalized->number -= 1;
  EXPECT_EQ(rejection_of(header), RejectReason::kDecrementingL1Finalized);
  header.l1_finalized.reset();
  EXPECT_EQ(rejection_of(header), RejectReason::kDecrementingL1Finalized);

  ProposalContext with_l1 = context;
  with_l1.l1_finalized_block = [](std::uint64_t) { return std::optional<L1BlockInfo>(); };
  EXPECT_EQ(rejection_with(block.header, with_l1), RejectReason::kL1FinalizedUnknown);
  with_l1.l1_finalized_block = [&](std::uint64_t number) {
    return std::optional<L1BlockInfo>(L1BlockInfo{number, 0, Hash32{9}});
  };
  EXPECT_EQ(rejection_with(block.header, with_l1), RejectReason::kL1FinalizedMismatch);
  with_l1.l1_finalized_block = [&](std::uint64_t) { return block.header.l1_finalized; };
  EXPECT_TRUE(validate_proposal(chain.tip_state(), chain.tip(), block.header, with_l1));
}

TEST_F(ProposalRules, UnexpectedVersion) {
  ProposalContext v2 = context;
  v2.expected_version = kHeaderV0_2;
  EXPECT_EQ(rejection_with(block.header, v2), RejectReason::kUnexpectedVersion);
}

TEST(ProposalChain, TwentyBlocksBuiltAndValidatedMoveTheFees) {
  const EthPrivateKey alice = test_key(1);
  const EthPrivateKey bob = test_key(2);
  const U256 base_fee = 3;
  TestChain chain(test_genesis(test_config(3), {{alice.address(), 100'000}, {bob.address(), 50}}));
  const Address recipient = chain.tip_state().chain_config.fee_recipient;
  U256 paid_by_alice = 0;
  for (std::uint32_t i = 1; i <= 20; ++i) {
    const std::uint32_t namespaces[] = {i, i + 100};
    // Bob can only afford empty blocks.
    const bool empty = i % 4 == 0;
    const auto contents = empty ? empty_contents() : make_contents(namespaces, 10 * i);
    const EthPrivateKey& key = empty ? bob : alice;
    auto block = chain.build(contents, key);
    ASSERT_TRUE(block) << "block " << i << ": " << block.error().message;
    auto after = chain.validate(block->header, contents);
    ASSERT_TRUE(after) << "block " << i << ": " << after.error().message;
    ASSERT_EQ(*after, block->state);
    EXPECT_EQ(block->header.height, i);
    EXPECT_EQ(block->header.fee_info.amount, base_fee * contents.payload_byte_len);
    if (!empty) paid_by_alice += block->header.fee_info.amount;
    chain.append(block->header, block->state);
  }
  const auto& state = chain.tip_state();
  EXPECT_EQ(state.balance(alice.address()), 100'000 - paid_by_alice);
  EXPECT_EQ(state.balance(bob.address()), 50);
  EXPECT_EQ(state.balance(recipient), paid_by_alice);
  EXPECT_EQ(state.block_tree.num_leaves(), 20u);
  EXPECT_EQ(state.block_tree.last_leaf(), commit(chain.headers[19]).digest);

  // The block tree root of each header proves every earlier header.
  BlockMerkleTree full;
  for (std::size_t i = 0; i < 20; ++i) ASSERT_TRUE(full.push(commit(chain.headers[i]).digest));
  EXPECT_EQ(chain.tip().block_merkle_tree_root, full.commitment());
  auto proof = full.prove(7).value();
  EXPECT_TRUE(verify_block_proof(chain.tip().block_merkle_tree_root, 7,
                                 commit(chain.headers[7]).digest, proof));
}

TEST(ProposalChain, ZeroBaseFeeAndEmptyBlocksNeedNoBalance) {
  const EthPrivateKey nobody = test_key(5);
  TestChain free_chain(test_genesis(test_config(0), {}));
  auto contents = make_contents(kTwoNamespaces, 500);
  auto block = free_chain.build(contents, nobody);
  ASSERT_TRUE(block) << block.error().message;
  EXPECT_EQ(block->header.fee_info.amount, 0);
  ASSERT_TRUE(free_chain.validate(block->header, contents));
  EXPECT_EQ(block->state.fee_merkle_tree_root(), free_chain.tip_state().fee_merkle_tree_root());
  // A zero fee needs no signature either.
  Header unsigned_header = block->header;
  unsigned_header.builder_signature.reset();
  EXPECT_TRUE(free_chain.validate(unsigned_header, contents));

  TestChain paid_chain(test_genesis(test_config(10), {}));
  auto empty = empty_contents();
  auto empty_block = paid_chain.build(empty, nobody);
  ASSERT_TRUE(empty_block) << empty_block.error().message;
  ASSERT_TRUE(paid_chain.validate(empty_block->header, empty));
  auto full_block = paid_chain.build(contents, nobody);
  ASSERT_FALSE(full_block);
  EXPECT_EQ(full_block.error().reason, RejectReason::kInsufficientBalance);
}

TEST(ProposalChain, LaggingLeaderClockAndL1AreRaisedToTheParents) {
  TestChain chain(test_genesis(test_config(0), {}));
  BlockEnvironment lagging;
  lagging.timestamp = chain.tip().timestamp - 100;
  lagging.l1_head = 0;
  auto contents = empty_contents();
  auto block = build_next_header(chain.tip_state(), chain.tip(), contents, test_key(1), lagging);
  ASSERT_TRUE(block);
  EXPECT_EQ(block->header.timestamp, chain.tip().timestamp);
  EXPECT_EQ(block->header.l1_head, chain.tip().l1_head);
  EXPECT_EQ(block->header.l1_finalized, chain.tip().l1_finalized);
  EXPECT_TRUE(chain.validate(block->header, contents));
}

TEST(ProposalChain, L1DepositsFundABuilder) {
  const EthPrivateKey builder = test_key(3);
  TestChain chain(test_genesis(test_config(1), {}));
  auto contents = make_contents(kTwoNamespaces, 20);
  const FeeInfo deposits[] = {{builder.address(), 1000}};
  auto environment = chain.next_environment();
  environment.l1_deposits = deposits;
  auto block = build_next_header(chain.tip_state(), chain.tip(), contents, builder, environment);
  ASSERT_TRUE(block) << block.error().message;
  auto context = state_test::context_for(contents, block->header.timestamp);
  context.l1_deposits = deposits;
  auto after = validate_proposal(chain.tip_state(), chain.tip(), block->header, context);
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(after->balance(builder.address()), 1000 - contents.payload_byte_len);
}

}  // namespace
}  // namespace espresso
