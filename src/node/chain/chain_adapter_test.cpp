#include <gtest/gtest.h>

#include "node/chain/chain_conversions.hpp"
#include "node/chain/chain_test_support.hpp"
#include "node/chain/leaf_states.hpp"
#include "node/chain/state_block_builder.hpp"
#include "node/chain/state_block_validator.hpp"
#include "state/validate_proposal.hpp"
#include "types/bincode.hpp"

namespace espresso {
namespace {

using chain_test::kGenesisTime;
using chain_test::kVersion;
using chain_test::Proposal;
using chain_test::propose;
using chain_test::test_key;

std::vector<Transaction> some_transactions(std::uint8_t seed) {
  return {Transaction{7, Bytes(40, seed)}, Transaction{9, Bytes(25, seed)},
          Transaction{7, Bytes(3, seed)}};
}

// A leader (builder over its own states) and a separate replica (validator over its own), both
// started from the same genesis file, with clocks the test moves.
class ChainAdapter : public ::testing::Test {
 protected:
  EthPrivateKey builder_key = test_key(1);
  Genesis genesis = chain_test::test_genesis_file(builder_key.address());
  std::uint64_t now = kGenesisTime + 10;
  UnixClock clock = [this] { return now; };
  LeafStates leader_states{chain_test::test_genesis_block(genesis)};
  StateBlockBuilder builder{leader_states, builder_key, clock};
  StateBlockValidator leader_validator{leader_states, clock};
  LeafStates replica_states{chain_test::test_genesis_block(genesis)};
  StateBlockValidator validator{replica_states, clock};

  // Builds on `parent`, validates on the leader (as the Replica does with its own proposal) and
  // on the replica; returns the proposal.
  Proposal extend(const consensus::Leaf& parent, consensus::ViewNumber view,
                  const std::vector<Transaction>& transactions) {
    Proposal proposal = propose(builder, parent, view, transactions);
    const auto size = proposal.payload.size();
    EXPECT_TRUE(leader_validator.validate(parent, proposal.leaf, kVersion, size));
    auto checked = validator.check(parent, proposal.leaf, kVersion, size);
    EXPECT_TRUE(checked) << (checked ? "" : checked.error().message);
    return proposal;
  }

  // The reason the replica rejects `proposed` (nullopt: malformed); fails the test if accepted.
  std::optional<RejectReason> rejection(const consensus::Leaf& parent,
                                        const consensus::Leaf& proposed, std::uint64_t size,
                                        consensus::Version version = kVersion) {
    auto checked = validator.check(parent, proposed, version, size);
    EXPECT_FALSE(checked) << "accepted an invalid leaf";
    if (checked) return RejectReason::kStateOverflow;
    EXPECT_FALSE(checked.error().message.empty());
    EXPECT_FALSE(validator.validate(parent, proposed, version, size));
    return checked.error().reason;
  }

  // `proposal` with its header replaced by `header` (re-encoded).
  static consensus::Leaf with_header(consensus::Leaf leaf, const Header& header) {
    leaf.header = bincode::encode(header);
    return leaf;
  }
};

TEST_F(ChainAdapter, BuildThenValidateOverSeveralBlocks) {
  consensus::Leaf parent = consensus::genesis_leaf();
  for (consensus::ViewNumber view = 1; view <= 6; ++view) {
    now += 2;
    const Proposal proposal =
        extend(parent, view, some_transactions(static_cast<std::uint8_t>(view)));
    const LeafState* entry = replica_states.find(proposal.leaf.commitment());
    ASSERT_NE(entry, nullptr);
    EXPECT_EQ(entry->height, view);
    EXPECT_EQ(entry->header.timestamp, now);
    EXPECT_EQ(entry->header.payload_commitment,
              header_payload_commitment(proposal.leaf.payload_commitment));
    // Both sides derived the same state.
    EXPECT_EQ(entry->state, leader_states.find(proposal.leaf.commitment())->state);
    // The payload holds every transaction, grouped by namespace.
    const Payload payload{proposal.payload, entry->header.ns_table};
    EXPECT_EQ(payload.num_transactions(), 3u);
    EXPECT_EQ(payload.transactions().front().namespace_id, 7u);
    parent = proposal.leaf;
  }
  EXPECT_EQ(builder.failed_headers(), 0u);
}

// The leader builds the next view's payload before the current view's header: a header can be
// built for any of the last payloads built, and for no bytes the builder did not build (a payload
// of the same size in other namespaces would get the wrong namespace table).
TEST_F(ChainAdapter, HeadersAreBuiltForRecentPayloadsOnly) {
  const consensus::Leaf root = consensus::genesis_leaf();
  const Bytes first = builder.build_payload(chain_test::encoded({Transaction{7, Bytes(40, 1)}}));
  const Bytes second = builder.build_payload(chain_test::encoded({Transaction{9, Bytes(40, 2)}}));
  const auto header_for = [&](const Bytes& payload) {
    return builder.build_header(root, 1, kVersion, chain_test::stand_in_vid(payload), payload);
  };
  const consensus::Leaf leaf{1, 1, root.commitment(), chain_test::stand_in_vid(first),
                             header_for(first)};
  auto checked = validator.check(root, leaf, kVersion, first.size());
  ASSERT_TRUE(checked) << checked.error().message;
  EXPECT_EQ(Payload(first, (*checked)->header.ns_table).transactions().front().namespace_id, 7u);
  EXPECT_FALSE(header_for(second).empty());
  Bytes foreign = first;
  foreign.back() ^= 1;
  EXPECT_TRUE(header_for(foreign).empty());
  EXPECT_EQ(builder.failed_headers(), 1u);
}

TEST_F(ChainAdapter, GenesisFundedBuilderPaysTheFee) {
  const U256 before = replica_states.last_decided().state.balance(builder_key.address());
  EXPECT_EQ(before, 1'000'000'000);
  const Proposal proposal = extend(consensus::genesis_leaf(), 1, some_transactions(1));
  const LeafState* entry = replica_states.find(proposal.leaf.commitment());
  ASSERT_NE(entry, nullptr);
  const U256 fee = U256(2) * proposal.payload.size();
  EXPECT_EQ(entry->header.fee_info.account, builder_key.address());
  EXPECT_EQ(entry->header.fee_info.amount, fee);
  EXPECT_EQ(entry->state.balance(builder_key.address()), before - fee);
  EXPECT_EQ(entry->state.balance(chain_test::fee_recipient()), fee);
}

TEST_F(ChainAdapter, UnfundedBuilderProposesEmptyBlocks) {
  LeafStates states{chain_test::test_genesis_block(genesis)};
  StateBlockBuilder unfunded{states, test_key(2), clock};
  const Proposal proposal = propose(unfunded, consensus::genesis_leaf(), 1, some_transactions(1));
  EXPECT_TRUE(proposal.payload.empty());
  auto checked = validator.check(consensus::genesis_leaf(), proposal.leaf, kVersion, 0);
  ASSERT_TRUE(checked) << checked.error().message;
  EXPECT_EQ((*checked)->header.fee_info.amount, 0);
}

TEST_F(ChainAdapter, PayloadStaysWithinMaxBlockSize) {
  std::vector<Transaction> big;
  for (std::uint8_t i = 0; i < 10; ++i) big.push_back(Transaction{i, Bytes(1000, i)});
  const Proposal proposal = extend(consensus::genesis_leaf(), 1, big);
  EXPECT_LE(proposal.payload.size(), 4096u);
  EXPECT_GT(proposal.payload.size(), 2000u);
}

TEST_F(ChainAdapter, PayloadOverMaxBlockSizeRejected) {
  const Proposal proposal = propose(builder, consensus::genesis_leaf(), 1, some_transactions(1));
  EXPECT_EQ(rejection(consensus::genesis_leaf(), proposal.leaf, 4097),
            RejectReason::kMaxBlockSizeExceeded);
}

TEST_F(ChainAdapter, UndecodableTransactionsAreSkipped) {
  std::vector<Bytes> mempool = chain_test::encoded(some_transactions(1));
  mempool.insert(mempool.begin(), Bytes{0xde, 0xad});
  const Bytes payload = builder.build_payload(mempool);
  EXPECT_EQ(builder.skipped_transactions(), 1u);
  EXPECT_FALSE(payload.empty());
}

class BadHeaders : public ChainAdapter {
 protected:
  consensus::Leaf genesis_leaf = consensus::genesis_leaf();
  Proposal good = propose(builder, genesis_leaf, 1, some_transactions(1));
  Header header = decode_leaf_header(good.leaf).value();
  std::uint64_t size = good.payload.size();
};

TEST_F(BadHeaders, TheUntamperedProposalIsValid) {
  EXPECT_TRUE(validator.check(genesis_leaf, good.leaf, kVersion, size));
}

TEST_F(BadHeaders, MalformedHeaderBytes) {
  consensus::Leaf leaf = good.leaf;
  leaf.header.resize(leaf.header.size() / 2);
  EXPECT_EQ(rejection(genesis_leaf, leaf, size), std::nullopt);
  leaf.header.clear();
  EXPECT_EQ(rejection(genesis_leaf, leaf, size), std::nullopt);
}

TEST_F(BadHeaders, HeaderHeightDiffersFromLeaf) {
  Header changed = header;
  changed.height = 2;
  EXPECT_EQ(rejection(genesis_leaf, with_header(good.leaf, changed), size), std::nullopt);
}

TEST_F(BadHeaders, WrongHeight) {
  Header changed = header;
  changed.height = 2;
  consensus::Leaf leaf = with_header(good.leaf, changed);
  leaf.height = 2;
  EXPECT_EQ(rejection(genesis_leaf, leaf, size), RejectReason::kInvalidHeight);
}

TEST_F(BadHeaders, WrongParentLink) {
  consensus::Leaf leaf = good.leaf;
  leaf.parent[0] ^= 1;
  EXPECT_EQ(rejection(genesis_leaf, leaf, size), std::nullopt);
}

TEST_F(BadHeaders, UnknownParent) {
  consensus::Leaf orphan_parent = good.leaf;
  orphan_parent.parent[0] ^= 1;  // neither it nor its parent is known
  consensus::Leaf child = good.leaf;
  child.parent = orphan_parent.commitment();
  EXPECT_EQ(rejection(orphan_parent, child, size), std::nullopt);
}

TEST_F(BadHeaders, TimestampDriftFromTheLocalClock) {
  now += kMaxTimestampDriftSeconds + 1;
  EXPECT_EQ(rejection(genesis_leaf, good.leaf, size), RejectReason::kTimestampDrift);
}

TEST_F(BadHeaders, TimestampBeforeTheParent) {
  Header changed = header;
  changed.timestamp = kGenesisTime - 1;
  now = kGenesisTime;
  EXPECT_EQ(rejection(genesis_leaf, with_header(good.leaf, changed), size),
            RejectReason::kDecrementingTimestamp);
}

TEST_F(BadHeaders, PayloadCommitmentDiffersFromTheLeaf) {
  consensus::Leaf leaf = good.leaf;
  leaf.payload_commitment[5] ^= 1;
  EXPECT_EQ(rejection(genesis_leaf, leaf, size), RejectReason::kPayloadCommitmentMismatch);
}

TEST_F(BadHeaders, PayloadSizeDiffersFromTheNsTable) {
  EXPECT_EQ(rejection(genesis_leaf, good.leaf, size - 1), RejectReason::kInvalidNsTable);
}

TEST_F(BadHeaders, VersionNotInForce) {
  EXPECT_EQ(rejection(genesis_leaf, good.leaf, size, consensus::Version{0, 2}),
            RejectReason::kUnexpectedVersion);
}

TEST_F(BadHeaders, InsufficientFee) {
  Header changed = header;
  changed.fee_info.amount = 1;
  EXPECT_EQ(rejection(genesis_leaf, with_header(good.leaf, changed), size),
            RejectReason::kInsufficientFee);
}

TEST_F(BadHeaders, ForeignBuilderSignature) {
  Header changed = header;
  changed.fee_info.account = test_key(3).address();
  EXPECT_EQ(rejection(genesis_leaf, with_header(good.leaf, changed), size),
            RejectReason::kInvalidBuilderSignature);
}

TEST_F(BadHeaders, WrongStateRoots) {
  Header changed = header;
  changed.fee_merkle_tree_root = header.block_merkle_tree_root;
  EXPECT_EQ(rejection(genesis_leaf, with_header(good.leaf, changed), size),
            RejectReason::kInvalidFeeRoot);
  changed = header;
  changed.block_merkle_tree_root = header.fee_merkle_tree_root;
  EXPECT_EQ(rejection(genesis_leaf, with_header(good.leaf, changed), size),
            RejectReason::kInvalidBlockRoot);
}

TEST_F(BadHeaders, RejectedLeavesLeaveNoState) {
  consensus::Leaf leaf = good.leaf;
  leaf.payload_commitment[0] ^= 1;
  rejection(genesis_leaf, leaf, size);
  EXPECT_EQ(replica_states.find(leaf.commitment()), nullptr);
  EXPECT_EQ(replica_states.size(), 1u);
}

TEST_F(ChainAdapter, StatesArePrunedOnDecide) {
  const consensus::Leaf genesis_leaf = consensus::genesis_leaf();
  const Proposal one = extend(genesis_leaf, 1, some_transactions(1));
  const Proposal fork = extend(genesis_leaf, 2, some_transactions(2));  // a sibling of `one`
  const Proposal two = extend(one.leaf, 3, some_transactions(3));
  const Proposal three = extend(two.leaf, 4, some_transactions(4));
  EXPECT_EQ(replica_states.size(), 5u);

  auto decided = replica_states.on_decided(one.leaf);
  ASSERT_TRUE(decided) << decided.error().message;
  EXPECT_EQ(replica_states.size(), 3u);  // one, two, three
  EXPECT_EQ(replica_states.find(genesis_leaf.commitment()), nullptr);
  EXPECT_EQ(replica_states.find(fork.leaf.commitment()), nullptr);
  EXPECT_EQ(replica_states.last_decided().height, 1u);

  ASSERT_TRUE(replica_states.on_decided(two.leaf));
  EXPECT_EQ(replica_states.size(), 2u);
  EXPECT_EQ(replica_states.highest().height, 3u);
  EXPECT_FALSE(replica_states.on_decided(one.leaf)) << "decides must not go backwards";
  // Children of the decided leaf still validate.
  now += 1;
  EXPECT_TRUE(validator.check(three.leaf, propose(builder, three.leaf, 5, {}).leaf, kVersion, 0));
}

TEST_F(ChainAdapter, DecideDerivesStatesThisNodeNeverValidated) {
  // The leader's chain of three; the replica sees only the decides (as after catch-up).
  consensus::Leaf parent = consensus::genesis_leaf();
  std::vector<consensus::Leaf> leaves;
  for (consensus::ViewNumber view = 1; view <= 3; ++view) {
    Proposal proposal = propose(builder, parent, view, some_transactions(1));
    ASSERT_TRUE(
        leader_validator.validate(parent, proposal.leaf, kVersion, proposal.payload.size()));
    leaves.push_back(proposal.leaf);
    parent = proposal.leaf;
  }
  for (const auto& leaf : leaves) {
    auto decided = replica_states.on_decided(leaf);
    ASSERT_TRUE(decided) << decided.error().message;
    EXPECT_EQ((*decided)->state, leader_states.find(leaf.commitment())->state);
  }
  // A gap cannot be bridged.
  LeafStates fresh{chain_test::test_genesis_block(genesis)};
  EXPECT_FALSE(fresh.on_decided(leaves[2]));
}

TEST_F(ChainAdapter, RestartFromAStoredDecidedState) {
  const Proposal one = extend(consensus::genesis_leaf(), 1, some_transactions(1));
  const Proposal two = extend(one.leaf, 2, some_transactions(2));
  const Proposal three = extend(two.leaf, 3, some_transactions(3));
  const ValidatedState& after_one = leader_states.find(one.leaf.commitment())->state;

  // A state that is not the one the decided header commits to is refused.
  EXPECT_FALSE(restart_from(one.leaf, leader_states.last_decided().state));
  EXPECT_FALSE(restart_from(consensus::Leaf{}, after_one));

  auto start = restart_from(one.leaf, after_one);
  ASSERT_TRUE(start) << start.error().message;
  LeafStates restarted{std::move(*start)};
  EXPECT_EQ(restarted.last_decided().height, 1u);
  // The reloaded undecided leaves, in any order, are derived parents first.
  EXPECT_EQ(restarted.adopt({three.leaf, two.leaf, one.leaf}), 2u);
  EXPECT_EQ(restarted.find(three.leaf.commitment())->state,
            leader_states.find(three.leaf.commitment())->state);
  StateBlockValidator restarted_validator{restarted, clock};
  now += 1;
  EXPECT_TRUE(
      restarted_validator.check(three.leaf, propose(builder, three.leaf, 4, {}).leaf, kVersion, 0));
}

// A node restarted from a state caught up from peers, holding only some fee accounts.
TEST_F(ChainAdapter, PartialStatesRejectFeesOfAccountsTheyDoNotHold) {
  const Proposal one = extend(consensus::genesis_leaf(), 1, some_transactions(1));
  const ValidatedState& full = leader_states.find(one.leaf.commitment())->state;
  ValidatedState partial = full;
  partial.fee_tree = FeeMerkleTree::from_commitment(full.fee_merkle_tree_root()).value();
  const FeeLookup recipient = full.fee_tree.lookup(chain_test::fee_recipient());
  ASSERT_TRUE(
      partial.fee_tree.remember(chain_test::fee_recipient(), recipient.balance, recipient.proof));
  LeafStates states{restart_from(one.leaf, partial).value()};
  StateBlockValidator partial_validator{states, clock};
  now += 1;

  // A fee-paying child names the builder's account, which this state does not hold.
  const Proposal two = propose(builder, one.leaf, 2, some_transactions(2));
  auto checked = partial_validator.check(one.leaf, two.leaf, kVersion, two.payload.size());
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().reason, std::nullopt);
  EXPECT_NE(checked.error().message.find(builder_key.address().to_hex()), std::string::npos)
      << checked.error().message;
  EXPECT_FALSE(states.on_decided(two.leaf)) << "deriving needs the account too";

  // A builder on that state cannot see its balance, so it proposes empty (zero-fee) blocks, which
  // validate.
  StateBlockBuilder partial_builder{states, builder_key, clock};
  const Proposal empty = propose(partial_builder, one.leaf, 2, some_transactions(2));
  EXPECT_TRUE(empty.payload.empty());
  auto accepted = partial_validator.check(one.leaf, empty.leaf, kVersion, 0);
  EXPECT_TRUE(accepted) << accepted.error().message;

  // Once the account is fetched, the fee-paying child validates.
  const FeeLookup paying = full.fee_tree.lookup(builder_key.address());
  ValidatedState caught_up = partial;
  ASSERT_TRUE(caught_up.fee_tree.remember(builder_key.address(), paying.balance, paying.proof));
  LeafStates complete{restart_from(one.leaf, caught_up).value()};
  StateBlockValidator complete_validator{complete, clock};
  auto valid = complete_validator.check(one.leaf, two.leaf, kVersion, two.payload.size());
  EXPECT_TRUE(valid) << valid.error().message;
}

TEST(ChainGenesis, MapsTheGenesisFile) {
  const EthPrivateKey key = test_key(1);
  const Genesis genesis = chain_test::test_genesis_file(key.address(), 5, 1000);
  const consensus::Commitment empty = chain_test::stand_in_vid({});
  const GenesisBlock block = genesis_block(genesis, empty).value();
  EXPECT_EQ(block.header.height, 0u);
  EXPECT_EQ(block.header.timestamp, kGenesisTime);
  EXPECT_EQ(block.header.l1_head, 100u);
  ASSERT_TRUE(block.header.l1_finalized);
  EXPECT_EQ(block.header.l1_finalized->number, 100u);
  EXPECT_EQ(block.header.payload_commitment, header_payload_commitment(empty));
  EXPECT_EQ(block.state.chain_config.base_fee, 5);
  EXPECT_EQ(block.state.chain_config.max_block_size, 1000u);
  EXPECT_EQ(block.state.balance(key.address()), 1'000'000'000);
  EXPECT_EQ(block.header.fee_merkle_tree_root, block.state.fee_merkle_tree_root());
}

TEST(ChainConversions, PayloadCommitmentRoundTrips) {
  consensus::Commitment commitment{};
  commitment[0] = 1;
  commitment[31] = 2;
  const TaggedBase64 text = header_payload_commitment(commitment);
  EXPECT_EQ(text.tag, "HASH");
  EXPECT_EQ(consensus_payload_commitment(text).value(), commitment);
  EXPECT_FALSE(consensus_payload_commitment(TaggedBase64{"TX", text.value}));
  EXPECT_FALSE(consensus_payload_commitment(TaggedBase64{"HASH", Bytes(31, 0)}));
  EXPECT_EQ(header_version(consensus::Version{0, 2}), kHeaderV0_2);
  EXPECT_EQ(consensus_version(kHeaderV0_1), (consensus::Version{0, 1}));
}

}  // namespace
}  // namespace espresso
