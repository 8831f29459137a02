#include "merkle/block_tree.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <string>

#include "common/check.hpp"
#include "common/encoding.hpp"
#include "merkle/digest.hpp"

namespace espresso {
namespace {

constexpr std::uint64_t kArity = kBlockMerkleTreeArity;

Status check_has_room(std::uint64_t num_leaves, std::size_t height) {
  if (num_leaves >= block_tree_capacity(height)) {
    return fail("block Merkle tree of height " + std::to_string(height) + " is full (" +
                std::to_string(num_leaves) + " leaves)");
  }
  return {};
}

}  // namespace

std::vector<std::uint32_t> block_tree_path(std::uint64_t index, std::size_t height) {
  std::vector<std::uint32_t> path(height);
  for (auto& digit : path) {
    digit = static_cast<std::uint32_t>(index % kArity);
    index /= kArity;
  }
  return path;
}

std::uint64_t block_tree_capacity(std::size_t height) {
  std::uint64_t capacity = 1;
  for (std::size_t l = 0; l < height; ++l) {
    if (capacity > std::numeric_limits<std::uint64_t>::max() / kArity) {
      return std::numeric_limits<std::uint64_t>::max();
    }
    capacity *= kArity;
  }
  return capacity;
}

// ---- BlockMerkleTree ----

BlockMerkleTree::BlockMerkleTree(std::size_t height) : height_(height), nodes_(height + 1) {}

Hash32 BlockMerkleTree::node_or_empty(std::size_t level, std::uint64_t index) const {
  return index < nodes_[level].size() ? nodes_[level][index] : kEmptyMerkleDigest;
}

Status BlockMerkleTree::push(const Hash32& header_commitment) {
  ESEQ_TRY_STATUS(check_has_room(leaves_.size(), height_));
  leaves_.push_back(header_commitment);
  nodes_[0].push_back(merkle_leaf_digest(header_commitment));
  // Recompute the right-most node of every level above.
  std::uint64_t index = leaves_.size() - 1;
  for (std::size_t level = 0; level < height_; ++level) {
    const std::uint64_t parent = index / kArity;
    const std::uint64_t first = parent * kArity;
    std::array<Hash32, kArity> children{};
    for (std::uint64_t c = 0; c < kArity; ++c) children[c] = node_or_empty(level, first + c);
    const Hash32 digest = merkle_node_digest(children);
    auto& above = nodes_[level + 1];
    if (parent < above.size()) {
      above[parent] = digest;
    } else {
      above.push_back(digest);
    }
    index = parent;
  }
  return {};
}

MerkleCommitment BlockMerkleTree::commitment() const {
  MerkleCommitment out;
  out.height = height_;
  out.num_leaves = leaves_.size();
  out.digest = leaves_.empty() ? kEmptyMerkleDigest : nodes_[height_][0];
  return out;
}

std::optional<Hash32> BlockMerkleTree::leaf(std::uint64_t index) const {
  if (index >= leaves_.size()) return std::nullopt;
  return leaves_[index];
}

Result<MerkleProof> BlockMerkleTree::prove(std::uint64_t index) const {
  if (index >= leaves_.size()) {
    return fail("block Merkle tree: no leaf " + std::to_string(index) + " (it has " +
                std::to_string(leaves_.size()) + ")");
  }
  MerkleProof proof;
  proof.levels.resize(height_);
  for (std::size_t level = 0; level < height_; ++level) {
    const std::uint64_t first = index / kArity * kArity;
    for (std::uint64_t c = first; c < first + kArity; ++c) {
      if (c != index) proof.levels[level].push_back(node_or_empty(level, c));
    }
    index /= kArity;
  }
  return proof;
}

BlockMerkleFrontier BlockMerkleTree::frontier() const {
  if (leaves_.empty()) return BlockMerkleFrontier(height_);
  auto proof = prove(leaves_.size() - 1);
  auto frontier =
      BlockMerkleFrontier::from_last_leaf(height_, leaves_.size(), leaves_.back(), *proof);
  ESEQ_CHECK(frontier.has_value(), "a tree's own last-leaf proof rebuilds its frontier");
  return *std::move(frontier);
}

// ---- BlockMerkleFrontier ----

BlockMerkleFrontier::BlockMerkleFrontier(std::size_t height)
    : height_(height), left_siblings_(height), path_digests_(height + 1) {}

Result<BlockMerkleFrontier> BlockMerkleFrontier::from_last_leaf(std::size_t height,
                                                                std::uint64_t num_leaves,
                                                                const Hash32& last_leaf,
                                                                const MerkleProof& proof) {
  if (num_leaves == 0) return fail("block Merkle frontier: a last leaf needs num_leaves > 0");
  ESEQ_TRY_STATUS(check_has_room(num_leaves - 1, height));
  if (proof.levels.size() != height) {
    return fail("block Merkle frontier: proof has " + std::to_string(proof.levels.size()) +
                " levels, expected " + std::to_string(height));
  }
  BlockMerkleFrontier frontier(height);
  const auto path = block_tree_path(num_leaves - 1, height);
  for (std::size_t level = 0; level < height; ++level) {
    const auto& siblings = proof.levels[level];
    if (siblings.size() != kArity - 1) {
      return fail("block Merkle frontier: proof level " + std::to_string(level) + " has " +
                  std::to_string(siblings.size()) + " digests, expected " +
                  std::to_string(kArity - 1));
    }
    const auto left = siblings.begin() + path[level];
    if (!std::all_of(left, siblings.end(),
                     [](const Hash32& d) { return d == kEmptyMerkleDigest; })) {
      return fail("block Merkle frontier: proof level " + std::to_string(level) +
                  " has a non-empty subtree right of the last leaf");
    }
    frontier.left_siblings_[level].assign(siblings.begin(), left);
  }
  frontier.num_leaves_ = num_leaves;
  frontier.last_leaf_ = last_leaf;
  frontier.recompute_path();
  return frontier;
}

void BlockMerkleFrontier::recompute_path() {
  Hash32 value = merkle_leaf_digest(last_leaf_);
  path_digests_[0] = value;
  for (std::size_t level = 0; level < height_; ++level) {
    std::array<Hash32, kArity> children{};
    const auto& left = left_siblings_[level];
    std::copy(left.begin(), left.end(), children.begin());
    children[left.size()] = value;
    value = merkle_node_digest(children);
    path_digests_[level + 1] = value;
  }
}

Status BlockMerkleFrontier::push(const Hash32& header_commitment) {
  ESEQ_TRY_STATUS(check_has_room(num_leaves_, height_));
  const std::uint64_t index = num_leaves_;
  if (index > 0) {
    // The new leaf's path leaves the old one at the lowest level where its digit is non-zero:
    // there the old path's node becomes a left sibling; below, the new path starts a fresh subtree.
    std::uint64_t rest = index;
    std::size_t level = 0;
    while (rest % kArity == 0) {
      left_siblings_[level].clear();
      rest /= kArity;
      ++level;
    }
    left_siblings_[level].push_back(path_digests_[level]);
  }
  last_leaf_ = header_commitment;
  ++num_leaves_;
  recompute_path();
  return {};
}

MerkleCommitment BlockMerkleFrontier::commitment() const {
  MerkleCommitment out;
  out.height = height_;
  out.num_leaves = num_leaves_;
  out.digest = num_leaves_ == 0 ? kEmptyMerkleDigest : path_digests_[height_];
  return out;
}

std::optional<Hash32> BlockMerkleFrontier::last_leaf() const {
  if (num_leaves_ == 0) return std::nullopt;
  return last_leaf_;
}

std::optional<MerkleProof> BlockMerkleFrontier::prove_last() const {
  if (num_leaves_ == 0) return std::nullopt;
  MerkleProof proof;
  proof.levels.resize(height_);
  for (std::size_t level = 0; level < height_; ++level) {
    auto& siblings = proof.levels[level];
    siblings = left_siblings_[level];
    siblings.resize(kArity - 1, kEmptyMerkleDigest);
  }
  return proof;
}

Bytes BlockMerkleFrontier::to_bytes() const {
  Writer writer;
  writer.u64(height_).u64(num_leaves_);
  if (num_leaves_ > 0) {
    writer.fixed(last_leaf_);
    prove_last()->write_to(writer);
  }
  return std::move(writer).take();
}

Result<BlockMerkleFrontier> BlockMerkleFrontier::from_bytes(ByteView bytes) {
  const auto in = [](Error e) { return fail(std::move(e).context("block Merkle frontier")); };
  Reader reader(bytes);
  auto height = reader.u64();
  if (!height) return in(std::move(height).error());
  if (*height > 64) return in(Error{"height " + std::to_string(*height) + " exceeds 64"});
  auto num_leaves = reader.u64();
  if (!num_leaves) return in(std::move(num_leaves).error());
  if (*num_leaves == 0) {
    if (auto end = reader.expect_end(); !end) return in(std::move(end).error());
    return BlockMerkleFrontier(*height);
  }
  auto last_leaf = reader.array<32>();
  if (!last_leaf) return in(std::move(last_leaf).error());
  auto proof = MerkleProof::read_from(reader);
  if (!proof) return in(std::move(proof).error());
  if (auto end = reader.expect_end(); !end) return in(std::move(end).error());
  return from_last_leaf(*height, *num_leaves, *last_leaf, *proof);
}

// ---- verification ----

Status verify_block_proof(const MerkleCommitment& root, std::uint64_t index,
                          const Hash32& header_commitment, const MerkleProof& proof) {
  if (index >= root.num_leaves) {
    return fail("block proof: index " + std::to_string(index) + " is not below the root's " +
                std::to_string(root.num_leaves) + " leaves");
  }
  if (root.height > 64) return fail("block proof: root height " + std::to_string(root.height));
  const auto path = block_tree_path(index, root.height);
  auto computed =
      merkle_root_from_proof(merkle_leaf_digest(header_commitment), path, kArity, proof);
  if (!computed) return fail(std::move(computed).error().context("block proof"));
  if (*computed != root.digest) return fail("block proof: does not lead to the root");
  return {};
}

}  // namespace espresso
