#include "vid/merkle_tree.hpp"

#include <gtest/gtest.h>

#include "common/hash.hpp"

namespace espresso::vid {
namespace {

std::vector<Hash32> make_leaves(std::size_t n) {
  std::vector<Hash32> leaves;
  for (std::size_t i = 0; i < n; ++i) leaves.push_back(leaf_hash(as_bytes(std::to_string(i))));
  return leaves;
}

TEST(MerkleTree, KnownShapes) {
  const auto leaves = make_leaves(3);
  EXPECT_EQ(MerkleTree(leaves).root(), node_hash(node_hash(leaves[0], leaves[1]), leaves[2]));
  EXPECT_EQ(MerkleTree({leaves[0]}).root(), leaves[0]);
  EXPECT_EQ(MerkleTree({}).root(), sha256(ByteView{}));
  EXPECT_NE(leaf_hash(ByteView{}), sha256(ByteView{}));  // leaves are domain-separated
}

TEST(MerkleTree, EveryRangeProofVerifiesAndTamperingFails) {
  for (std::size_t n = 1; n <= 17; ++n) {
    const auto leaves = make_leaves(n);
    const MerkleTree tree(leaves);
    for (std::size_t begin = 0; begin < n; ++begin) {
      for (std::size_t end = begin + 1; end <= n; ++end) {
        const auto proof = tree.range_proof(begin, end);
        const std::span range(leaves.begin() + begin, leaves.begin() + end);
        ASSERT_EQ(root_from_range(n, begin, range, proof).value(), tree.root())
            << n << begin << end;
        auto bad = std::vector<Hash32>(range.begin(), range.end());
        bad.back()[0] ^= 1;
        EXPECT_NE(root_from_range(n, begin, bad, proof).value(), tree.root());
        if (!proof.empty()) {
          auto short_proof = proof;
          short_proof.pop_back();
          EXPECT_FALSE(root_from_range(n, begin, range, short_proof));
        }
        auto long_proof = proof;
        long_proof.push_back(tree.root());
        EXPECT_FALSE(root_from_range(n, begin, range, long_proof));
      }
    }
  }
}

TEST(MerkleTree, RejectsRangeOutsideTree) {
  const auto leaves = make_leaves(4);
  EXPECT_FALSE(root_from_range(4, 3, std::span(leaves).subspan(0, 2), {}));
  EXPECT_FALSE(root_from_range(4, 0, {}, {}));
}

}  // namespace
}  // namespace espresso::vid
