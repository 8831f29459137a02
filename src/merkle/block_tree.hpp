#pragma once
// The block Merkle tree: an append-only tree over header commitments, whose root is each header's
// `block_merkle_tree_root`. Upstream: espresso-sequencer `BlockMerkleTree =
// LightWeightSHA3MerkleTree<Commitment<Header>>` (arity 3) with BLOCK_MERKLE_TREE_HEIGHT = 32; node
// hashing in merkle/digest.hpp (a leaf is SHA3-256 of the 32 commitment bytes). Leaf i sits at the
// base-3 digits of i, least significant digit at the leaf level (jellyfish ToTraversalPath for
// u64).
//
// Two forms:
//  - BlockMerkleTree keeps every node digest (~1.5 digests per leaf) and proves any leaf; for nodes
//    that serve proofs (catchup, query).
//  - BlockMerkleFrontier keeps only the right-most path (O(height) memory): enough to append, to
//    compute the root and to prove the last leaf, like upstream's light-weight tree; for the state.

#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "merkle/commitment.hpp"
#include "merkle/proof.hpp"

namespace espresso {

inline constexpr std::size_t kBlockMerkleTreeArity = 3;
inline constexpr std::size_t kBlockMerkleTreeHeight = 32;

// Child position per level, leaf level first: the base-3 digits of `index`.
std::vector<std::uint32_t> block_tree_path(std::uint64_t index, std::size_t height);

// How many leaves a tree of `height` holds (saturating at UINT64_MAX).
std::uint64_t block_tree_capacity(std::size_t height);

class BlockMerkleFrontier;

class BlockMerkleTree {
 public:
  explicit BlockMerkleTree(std::size_t height = kBlockMerkleTreeHeight);

  // Appends a header commitment; fails when the tree is full.
  Status push(const Hash32& header_commitment);

  std::size_t height() const { return height_; }
  std::uint64_t num_leaves() const { return leaves_.size(); }
  MerkleCommitment commitment() const;

  std::optional<Hash32> leaf(std::uint64_t index) const;
  // Membership proof of leaf `index`; fails when index >= num_leaves().
  Result<MerkleProof> prove(std::uint64_t index) const;

  BlockMerkleFrontier frontier() const;

 private:
  Hash32 node_or_empty(std::size_t level, std::uint64_t index) const;

  std::size_t height_;
  std::vector<Hash32> leaves_;
  // nodes_[l][i] is the digest of node i at level l; level 0 holds the leaf digests.
  std::vector<std::vector<Hash32>> nodes_;
};

class BlockMerkleFrontier {
 public:
  explicit BlockMerkleFrontier(std::size_t height = kBlockMerkleTreeHeight);

  // Rebuilds the frontier from the last leaf and its membership proof (what a node receives in
  // catchup). Fails unless the proof is well formed, every digest to the right of the path is
  // empty, and num_leaves fits the tree.
  static Result<BlockMerkleFrontier> from_last_leaf(std::size_t height, std::uint64_t num_leaves,
                                                    const Hash32& last_leaf,
                                                    const MerkleProof& proof);

  Status push(const Hash32& header_commitment);

  std::size_t height() const { return height_; }
  std::uint64_t num_leaves() const { return num_leaves_; }
  MerkleCommitment commitment() const;

  // The last leaf and its membership proof; nullopt when the tree is empty.
  std::optional<Hash32> last_leaf() const;
  std::optional<MerkleProof> prove_last() const;

  // Storage form: u64 height, u64 num_leaves, then (when non-empty) the last leaf and its proof.
  Bytes to_bytes() const;
  static Result<BlockMerkleFrontier> from_bytes(ByteView bytes);

  friend bool operator==(const BlockMerkleFrontier& a, const BlockMerkleFrontier& b) {
    return a.height_ == b.height_ && a.num_leaves_ == b.num_leaves_ &&
           a.last_leaf_ == b.last_leaf_ && a.left_siblings_ == b.left_siblings_;
  }

 private:
  void recompute_path();

  std::size_t height_;
  std::uint64_t num_leaves_ = 0;
  Hash32 last_leaf_{};
  // left_siblings_[l]: digests of the children left of the last leaf's path at level l+1.
  std::vector<std::vector<Hash32>> left_siblings_;
  // path_digests_[l]: digest of the last leaf's ancestor at level l (l = height is the root).
  std::vector<Hash32> path_digests_;
};

// What a rollup or light client calls: does `proof` show that leaf `index` of the block tree with
// root `root` is `header_commitment`? Ok, or an error saying why not.
Status verify_block_proof(const MerkleCommitment& root, std::uint64_t index,
                          const Hash32& header_commitment, const MerkleProof& proof);

}  // namespace espresso
