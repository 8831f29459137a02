#include "merkle/block_tree.hpp"

#include <random>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "merkle/digest.hpp"

namespace espresso {
namespace {

Hash32 random_hash(std::mt19937_64& rng) {
  Hash32 out{};
  for (auto& b : out) b = static_cast<std::uint8_t>(rng());
  return out;
}

std::vector<Hash32> random_leaves(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Hash32> leaves(count);
  for (auto& leaf : leaves) leaf = random_hash(rng);
  return leaves;
}

TEST(BlockMerkleTree, EmptyRootMatchesUpstreamHeader) {
  // tests/vectors/espresso-v1/header.json: block_merkle_tree_root of the genesis header is 32 zero
  // bytes, height 32, 0 leaves.
  BlockMerkleTree tree;
  EXPECT_EQ(tree.commitment(), (MerkleCommitment{Hash32{}, 32, 0}));
  EXPECT_EQ(BlockMerkleFrontier().commitment(), tree.commitment());
}

TEST(BlockMerkleTree, OneLeafRootIsTheHashChainOverZeros) {
  const Hash32 header{1, 2, 3};
  BlockMerkleTree tree(2);
  ASSERT_TRUE(tree.push(header));
  const Hash32 leaf = sha3_256(header);
  const Hash32 level1[] = {leaf, Hash32{}, Hash32{}};
  const Hash32 inner = merkle_node_digest(level1);
  const Hash32 level2[] = {inner, Hash32{}, Hash32{}};
  EXPECT_EQ(tree.commitment().digest, merkle_node_digest(level2));
  EXPECT_EQ(tree.commitment().num_leaves, 1u);
}

TEST(BlockMerkleTree, EveryLeafProvesAndTamperingFails) {
  const auto leaves = random_leaves(40, 7);
  BlockMerkleTree tree;
  for (const auto& leaf : leaves) ASSERT_TRUE(tree.push(leaf));
  const auto root = tree.commitment();
  for (std::uint64_t i = 0; i < leaves.size(); ++i) {
    auto proof = tree.prove(i);
    ASSERT_TRUE(proof) << proof.error().message;
    EXPECT_TRUE(verify_block_proof(root, i, leaves[i], *proof)) << i;
    // Wrong leaf, wrong index, wrong root, flipped sibling.
    EXPECT_FALSE(verify_block_proof(root, i, leaves[(i + 1) % leaves.size()], *proof));
    EXPECT_FALSE(verify_block_proof(root, (i + 1) % leaves.size(), leaves[i], *proof));
    auto other_root = root;
    other_root.digest[3] ^= 1;
    EXPECT_FALSE(verify_block_proof(other_root, i, leaves[i], *proof));
    auto tampered = *proof;
    tampered.levels[i % tampered.levels.size()][0][0] ^= 0x80;
    EXPECT_FALSE(verify_block_proof(root, i, leaves[i], tampered));
  }
  EXPECT_FALSE(tree.prove(leaves.size()));
}

TEST(BlockMerkleTree, RejectsMalformedProofs) {
  BlockMerkleTree tree;
  const Hash32 leaf{9};
  ASSERT_TRUE(tree.push(leaf));
  auto proof = *tree.prove(0);
  auto short_proof = proof;
  short_proof.levels.pop_back();
  auto result = verify_block_proof(tree.commitment(), 0, leaf, short_proof);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("31 levels, expected 32"), std::string::npos);
  auto thin = proof;
  thin.levels[4].pop_back();
  EXPECT_FALSE(verify_block_proof(tree.commitment(), 0, leaf, thin));
  auto empty_level = proof;
  empty_level.levels[0].clear();
  EXPECT_FALSE(verify_block_proof(tree.commitment(), 0, leaf, empty_level));
  // An index past the root's leaf count is refused even with a proof that hashes right.
  EXPECT_FALSE(verify_block_proof(tree.commitment(), 3, leaf, proof));
}

TEST(BlockMerkleTree, FillsToCapacityThenRefuses) {
  BlockMerkleTree tree(2);
  BlockMerkleFrontier frontier(2);
  for (int i = 0; i < 9; ++i) {
    ASSERT_TRUE(tree.push(Hash32{static_cast<std::uint8_t>(i)}));
    ASSERT_TRUE(frontier.push(Hash32{static_cast<std::uint8_t>(i)}));
  }
  EXPECT_EQ(tree.commitment(), frontier.commitment());
  EXPECT_FALSE(tree.push(Hash32{}));
  EXPECT_FALSE(frontier.push(Hash32{}));
  EXPECT_EQ(block_tree_capacity(32), 1853020188851841ull);  // 3^32
}

TEST(BlockMerkleFrontier, RejectsProofWithDataRightOfTheLastLeaf) {
  BlockMerkleTree tree;
  for (std::uint8_t i = 0; i < 5; ++i) ASSERT_TRUE(tree.push(Hash32{i}));
  // Pretend leaf 3 is the last one: leaf 4 sits right of it, so the frontier must refuse.
  auto proof = *tree.prove(3);
  EXPECT_FALSE(BlockMerkleFrontier::from_last_leaf(32, 4, Hash32{3}, proof));
  auto ok = BlockMerkleFrontier::from_last_leaf(32, 5, Hash32{4}, *tree.prove(4));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->commitment(), tree.commitment());
}

TEST(BlockMerkleFrontier, BytesRoundTripAndRejectGarbage) {
  BlockMerkleFrontier frontier;
  auto empty = BlockMerkleFrontier::from_bytes(frontier.to_bytes());
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_EQ(*empty, frontier);
  for (std::uint8_t i = 0; i < 11; ++i) ASSERT_TRUE(frontier.push(Hash32{i}));
  const Bytes bytes = frontier.to_bytes();
  auto back = BlockMerkleFrontier::from_bytes(bytes);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, frontier);
  EXPECT_EQ(back->commitment(), frontier.commitment());
  Bytes cut(bytes.begin(), bytes.end() - 1);
  auto bad = BlockMerkleFrontier::from_bytes(cut);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("block Merkle frontier"), std::string::npos);
  Bytes longer = bytes;
  longer.push_back(0);
  EXPECT_FALSE(BlockMerkleFrontier::from_bytes(longer));
}

// The frontier (what the state keeps) and the full tree agree on every root, and the frontier's
// last-leaf proof verifies; a frontier rebuilt from that proof continues identically.
RC_GTEST_PROP(BlockMerkleTree, FrontierAgreesWithFullTree, ()) {
  const auto count = *rc::gen::inRange<std::size_t>(0, 100);
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  const auto leaves = random_leaves(count, seed);
  BlockMerkleTree tree;
  BlockMerkleFrontier frontier;
  for (const auto& leaf : leaves) {
    RC_ASSERT(tree.push(leaf).has_value());
    RC_ASSERT(frontier.push(leaf).has_value());
    RC_ASSERT(tree.commitment() == frontier.commitment());
    const auto proof = frontier.prove_last();
    RC_ASSERT(proof.has_value());
    RC_ASSERT(*proof == *tree.prove(tree.num_leaves() - 1));
    RC_ASSERT(
        verify_block_proof(frontier.commitment(), tree.num_leaves() - 1, leaf, *proof).has_value());
  }
  auto rebuilt = tree.frontier();
  const Hash32 extra{0xee};
  RC_ASSERT(rebuilt.push(extra).has_value());
  RC_ASSERT(tree.push(extra).has_value());
  RC_ASSERT(rebuilt.commitment() == tree.commitment());
}

RC_GTEST_PROP(BlockMerkleTree, RandomLeafProofVerifiesAndFlippedBitFails, ()) {
  const auto count = *rc::gen::inRange<std::size_t>(1, 60);
  const auto leaves = random_leaves(count, *rc::gen::arbitrary<std::uint64_t>());
  BlockMerkleTree tree;
  for (const auto& leaf : leaves) RC_ASSERT(tree.push(leaf).has_value());
  const auto index = *rc::gen::inRange<std::size_t>(0, count);
  auto proof = *tree.prove(index);
  RC_ASSERT(verify_block_proof(tree.commitment(), index, leaves[index], proof).has_value());
  const auto level = *rc::gen::inRange<std::size_t>(0, proof.levels.size());
  const auto which = *rc::gen::inRange<std::size_t>(0, 2);
  const auto bit = *rc::gen::inRange(0, 256);
  proof.levels[level][which][static_cast<std::size_t>(bit / 8)] ^=
      static_cast<std::uint8_t>(1 << (bit % 8));
  RC_ASSERT(!verify_block_proof(tree.commitment(), index, leaves[index], proof).has_value());
}

}  // namespace
}  // namespace espresso
