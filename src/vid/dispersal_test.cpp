#include "vid/dispersal.hpp"

#include <algorithm>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "vid/chunks.hpp"
#include "vid/commitment.hpp"
#include "vid/merkle_tree.hpp"
#include "vid/test_support.hpp"

namespace espresso::vid {
namespace {

using testing::payload_gen;
using testing::weights_gen;

std::uint64_t total_of(const std::vector<std::uint64_t>& weights) {
  return std::accumulate(weights.begin(), weights.end(), std::uint64_t{0});
}

// Nodes in random order, cut at the first prefix whose stake exceeds 1/3: exactly at the threshold.
std::vector<Share> minimal_quorum(const Dispersal& d, const std::vector<std::uint64_t>& weights) {
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  order = testing::shuffled(order);
  std::vector<Share> out;
  std::uint64_t stake = 0;
  for (const auto node : order) {
    if (stake * 3 > total_of(weights)) break;
    stake += weights[node];
    out.push_back(d.shares[node]);
  }
  return out;
}

// What a cheating disperser publishes: shares that are not one codeword, with a valid tree.
Dispersal recommit(Dispersal d) {
  const std::size_t shard_len = d.common.shard_len();
  std::vector<Hash32> leaves;
  for (const auto& share : d.shares) {
    for (unsigned i = 0; i < share.count; ++i)
      leaves.push_back(shard_leaf(share.shard(i, shard_len)));
  }
  const MerkleTree tree(leaves);
  d.common.share_root = tree.root();
  for (auto& share : d.shares) {
    if (share.count > 0)
      share.proof = tree.range_proof(share.first_index, share.first_index + share.count);
  }
  d.commitment = payload_commitment(d.common);
  return d;
}

TEST(Dispersal, RoundTripsAndEverySharesVerifies) {
  Bytes payload(100'000);
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::uint8_t>(i * 7);
  const std::vector<std::uint64_t> weights{5, 1, 1, 3, 0, 8};
  const auto d = disperse(payload, weights).value();
  ASSERT_EQ(d.shares.size(), weights.size());
  for (std::uint32_t node = 0; node < weights.size(); ++node) {
    EXPECT_TRUE(verify_share(d.commitment, d.common, d.shares[node], node)) << node;
  }
  EXPECT_FALSE(verify_share(d.commitment, d.common, d.shares[1], 2));  // someone else's share
  EXPECT_EQ(recover(d.commitment, d.common, d.shares).value(), payload);
  // The zero-stake node holds nothing, and its empty share still verifies.
  EXPECT_EQ(d.shares[4].count, 0);
}

TEST(Dispersal, AssignmentMustFollowTheStakeTable) {
  const std::vector<std::uint64_t> weights{5, 1, 1, 3};
  const auto d = disperse(as_bytes("payload"), weights).value();
  EXPECT_TRUE(verify_assignment(d.common, weights));
  const std::vector<std::uint64_t> other{1, 1, 1, 3};
  const auto error = verify_assignment(d.common, other);
  ASSERT_FALSE(error);
  EXPECT_NE(error.error().message.find("the stake table"), std::string::npos);
  auto smaller_k = d.common;
  smaller_k.recovery -= 1;
  EXPECT_FALSE(verify_assignment(smaller_k, weights));
}

TEST(Dispersal, EmptyPayload) {
  const std::vector<std::uint64_t> weights{1, 1, 1, 1};
  const auto d = disperse(Bytes{}, weights).value();
  EXPECT_EQ(recover(d.commitment, d.common, d.shares).value(), Bytes{});
}

TEST(Dispersal, CommonMustMatchCommitment) {
  const std::vector<std::uint64_t> weights{1, 1, 1};
  const auto d = disperse(as_bytes("hello"), weights).value();
  auto common = d.common;
  common.payload_len += 1;
  const auto error = verify_share(d.commitment, common, d.shares[0], 0);
  ASSERT_FALSE(error);
  EXPECT_NE(error.error().message.find("not to the payload commitment"), std::string::npos);
}

TEST(Dispersal, NonZeroPaddingIsAnInconsistentDispersal) {
  // One codeword whose data ends in a nonzero byte past the committed length: every subset decodes
  // the same bytes, but the payload would have two commitments.
  const std::vector<std::uint64_t> weights{1, 1, 1};
  Bytes padded(102, 7);
  auto d = disperse(padded, weights).value();
  const std::size_t shard_len = d.common.shard_len();
  d.common.payload_len = 101;
  ASSERT_EQ(d.common.shard_len(), shard_len);
  padded.pop_back();
  d.common.payload_root = payload_chunk_root(padded, d.common.recovery);
  d.commitment = payload_commitment(d.common);
  for (std::uint32_t node = 0; node < 3; ++node) {
    ASSERT_TRUE(verify_share(d.commitment, d.common, d.shares[node], node));
  }
  const auto result = recover(d.commitment, d.common, d.shares);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("padding after the payload is not zero"),
            std::string::npos);
}

RC_GTEST_PROP(Dispersal, RecoversAtExactlyTheThresholdAndAbove, ()) {
  const auto payload = *payload_gen();
  const auto weights = *weights_gen();
  const auto d = disperse(payload, weights).value();
  auto quorum = minimal_quorum(d, weights);
  RC_ASSERT(recover(d.commitment, d.common, quorum).value() == payload);
  // Above the threshold, in any order, with duplicates.
  auto more = d.shares;
  more.push_back(d.shares.front());
  more = testing::shuffled(more);
  more.resize(*rc::gen::inRange<std::size_t>(quorum.size(), more.size() + 1));
  std::uint64_t stake = 0;
  std::vector<bool> seen(weights.size(), false);
  for (const auto& share : more) {
    if (!seen[share.node]) stake += weights[share.node];
    seen[share.node] = true;
  }
  if (stake * 3 > total_of(weights)) {
    RC_ASSERT(recover(d.commitment, d.common, more).value() == payload);
  }
}

// A dispersal to some nodes gives them what the full one gives them: a DA member's own share from
// its single encoding, the commitment alone with no nodes.
RC_GTEST_PROP(Dispersal, ADispersalToSomeNodesMatchesTheFullOne, ()) {
  const auto payload = *payload_gen();
  const auto weights = *weights_gen();
  const auto d = disperse(payload, weights).value();
  const auto nodes = *rc::gen::container<std::vector<std::uint32_t>>(
      rc::gen::inRange<std::uint32_t>(0, static_cast<std::uint32_t>(weights.size())));
  const auto some = disperse_to(payload, weights, nodes).value();
  RC_ASSERT(some.commitment == d.commitment);
  RC_ASSERT(some.common == d.common);
  RC_ASSERT(some.shares.size() == nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    RC_ASSERT(some.shares[i] == d.shares[nodes[i]]);
    RC_ASSERT(verify_share(some.commitment, some.common, some.shares[i], nodes[i]));
  }
}

TEST(Dispersal, ADispersalToSomeNodesNamesNodesOfTheTable) {
  const std::vector<std::uint64_t> weights{1, 1, 1};
  const std::vector<std::uint32_t> nodes{0, 3};
  const auto error = disperse_to(as_bytes("payload"), weights, nodes);
  ASSERT_FALSE(error);
  EXPECT_NE(error.error().message.find("node 3 is not one of the 3 nodes"), std::string::npos);
}

RC_GTEST_PROP(Dispersal, FailsBelowTheThreshold, ()) {
  const auto payload = *payload_gen();
  const auto weights = *weights_gen();
  const auto d = disperse(payload, weights).value();
  auto shares = testing::shuffled(d.shares);
  std::vector<Share> few;
  unsigned held = 0;
  for (const auto& share : shares) {
    if (held + share.count >= d.common.recovery) continue;
    held += share.count;
    few.push_back(share);
  }
  const auto result = recover(d.commitment, d.common, few);
  RC_ASSERT(!result);
  RC_ASSERT(result.error().message.find("need k") != std::string::npos);
}

RC_GTEST_PROP(Dispersal, CorruptedShareFailsVerification, ()) {
  const auto payload = *rc::gen::suchThat(payload_gen(), [](const Bytes& p) { return !p.empty(); });
  const auto weights = *weights_gen();
  const auto d = disperse(payload, weights).value();
  std::vector<std::uint32_t> holders;
  for (const auto& share : d.shares) {
    if (share.count > 0) holders.push_back(share.node);
  }
  const auto node = *rc::gen::elementOf(holders);
  auto share = d.shares[node];
  if (*rc::gen::arbitrary<bool>() || share.proof.empty()) {
    share.data[*rc::gen::inRange<std::size_t>(0, share.data.size())] ^=
        static_cast<std::uint8_t>(1u << *rc::gen::inRange(0, 8));
  } else {
    share.proof[*rc::gen::inRange<std::size_t>(0, share.proof.size())][0] ^= 1;
  }
  RC_ASSERT(!verify_share(d.commitment, d.common, share, node));
  // A recovering node skips it and still succeeds from the others, if they hold enough.
  if (d.common.total_shares() - share.count < d.common.recovery) return;
  auto shares = d.shares;
  shares[node] = share;
  std::rotate(shares.begin(), shares.begin() + node, shares.end());
  RC_ASSERT(recover(d.commitment, d.common, shares).value() == payload);
}

RC_GTEST_PROP(Dispersal, InconsistentDispersalIsDetectedOnRecovery, ()) {
  const auto payload = *rc::gen::suchThat(payload_gen(), [](const Bytes& p) { return !p.empty(); });
  const auto weights = *weights_gen();
  auto d = disperse(payload, weights).value();
  // Tamper with one share byte, then commit to the tampered shares.
  std::vector<std::uint32_t> holders;
  for (const auto& share : d.shares) {
    if (share.count > 0) holders.push_back(share.node);
  }
  auto& victim = d.shares[*rc::gen::elementOf(holders)];
  victim.data[*rc::gen::inRange<std::size_t>(0, victim.data.size())] ^= 0x5a;
  const auto bad = recommit(std::move(d));
  for (std::uint32_t node = 0; node < weights.size(); ++node) {
    RC_ASSERT(verify_share(bad.commitment, bad.common, bad.shares[node], node));
  }
  const auto quorum = minimal_quorum(bad, weights);
  const auto result = recover(bad.commitment, bad.common, quorum);
  RC_ASSERT(!result);
  RC_ASSERT(result.error().message.find("inconsistent dispersal") != std::string::npos);
}

}  // namespace
}  // namespace espresso::vid
