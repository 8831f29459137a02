#include "vid/merkle_tree.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "common/check.hpp"
#include "common/hash.hpp"

namespace espresso::vid {
namespace {

std::vector<Hash32> parent_level(std::span<const Hash32> level) {
  TreeHasher hasher;
  std::vector<Hash32> parents;
  parents.reserve((level.size() + 1) / 2);
  for (std::size_t i = 0; i + 1 < level.size(); i += 2) {
    parents.push_back(hasher.node(level[i], level[i + 1]));
  }
  if (level.size() % 2 == 1) parents.push_back(level.back());
  return parents;
}

}  // namespace

Hash32 TreeHasher::leaf(ByteView data) {
  const std::uint8_t tag = 0x00;
  return sha_.update(ByteView(&tag, 1)).update(data).finalize();
}

Hash32 TreeHasher::node(const Hash32& left, const Hash32& right) {
  const std::uint8_t tag = 0x01;
  return sha_.update(ByteView(&tag, 1)).update(left).update(right).finalize();
}

Hash32 TreeHasher::shard_leaf(std::span<const Hash32> chunk_digests) {
  const std::uint8_t tag = 0x02;
  sha_.update(ByteView(&tag, 1));
  // Hash32 is a plain byte array, so the digests are one contiguous run of bytes.
  static_assert(sizeof(Hash32) == 32);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(chunk_digests.data());
  return sha_.update(ByteView(bytes, chunk_digests.size() * sizeof(Hash32))).finalize();
}

Hash32 leaf_hash(ByteView data) {
  return TreeHasher().leaf(data);
}

Hash32 node_hash(const Hash32& left, const Hash32& right) {
  return TreeHasher().node(left, right);
}

MerkleTree::MerkleTree(std::vector<Hash32> leaves) {
  levels_.push_back(std::move(leaves));
  if (levels_.back().empty()) {
    root_ = sha256(ByteView{});
    return;
  }
  while (levels_.back().size() > 1) levels_.push_back(parent_level(levels_.back()));
  root_ = levels_.back().front();
}

std::vector<Hash32> MerkleTree::range_proof(std::size_t begin, std::size_t end) const {
  ESEQ_CHECK(begin < end && end <= leaf_count(), "Merkle range out of bounds");
  std::vector<Hash32> proof;
  for (std::size_t depth = 0; depth + 1 < levels_.size(); ++depth) {
    const auto& level = levels_[depth];
    if (begin % 2 == 1) proof.push_back(level[--begin]);
    if (end % 2 == 1 && end < level.size()) proof.push_back(level[end++]);
    begin /= 2;
    end = (end + 1) / 2;
  }
  return proof;
}

Result<Hash32> root_from_range(std::size_t leaf_count, std::size_t begin,
                               std::span<const Hash32> range, std::span<const Hash32> proof) {
  std::size_t end = begin + range.size();
  if (range.empty() || end > leaf_count) {
    return fail("Merkle proof: leaves [" + std::to_string(begin) + ", " + std::to_string(end) +
                ") are not a non-empty range of a tree of " + std::to_string(leaf_count));
  }
  std::vector<Hash32> known(range.begin(), range.end());
  std::size_t used = 0;
  auto next = [&]() -> const Hash32* { return used < proof.size() ? &proof[used++] : nullptr; };
  for (std::size_t count = leaf_count; count > 1; count = (count + 1) / 2) {
    if (begin % 2 == 1) {
      const Hash32* left = next();
      if (left == nullptr) return fail("Merkle proof: too short");
      known.insert(known.begin(), *left);
      --begin;
    }
    if (end % 2 == 1 && end < count) {
      const Hash32* right = next();
      if (right == nullptr) return fail("Merkle proof: too short");
      known.push_back(*right);
      ++end;
    }
    known = parent_level(known);
    begin /= 2;
    end = (end + 1) / 2;
  }
  if (used != proof.size()) {
    return fail("Merkle proof: " + std::to_string(proof.size() - used) + " extra hashes");
  }
  return known.front();
}

}  // namespace espresso::vid
