#pragma once
// The binary SHA-256 Merkle tree of the VID commitment, with proofs for a contiguous range of
// leaves (one share, a node's consecutive shares, or a namespace's payload chunks).
//
// leaf = SHA-256(0x00 || data); node = SHA-256(0x01 || left || right); a level with an odd count
// promotes its last node unchanged; the root of no leaves is SHA-256 of the empty string. A share
// tree's leaf hashes its shard's chunk leaves under a third tag, SHA-256(0x02 || d_1 || ... ||
// d_m) (vid/chunks.hpp), so it cannot be mistaken for a leaf or a node. SHA-256
// rather than Keccak: OpenSSL's SHA-NI path hashes ≈1.7 GB/s here vs ≈0.3 GB/s for Keccak-256.

#include <cstddef>
#include <span>
#include <vector>

#include "common/bytes.hpp"
#include "common/hash.hpp"
#include "common/result.hpp"

namespace espresso::vid {

Hash32 leaf_hash(ByteView data);
Hash32 node_hash(const Hash32& left, const Hash32& right);

// The same hashes with one reused SHA-256 context, for hashing many leaves or nodes in a row.
class TreeHasher {
 public:
  Hash32 leaf(ByteView data);
  Hash32 node(const Hash32& left, const Hash32& right);
  Hash32 shard_leaf(std::span<const Hash32> chunk_digests);

 private:
  Sha256 sha_;
};

// A tree with all its levels kept, so many proofs cost no rehashing.
class MerkleTree {
 public:
  explicit MerkleTree(std::vector<Hash32> leaves);

  const Hash32& root() const { return root_; }
  std::size_t leaf_count() const { return levels_.front().size(); }

  // The sibling nodes needed to recompute the root from leaves [begin, end) (begin < end).
  std::vector<Hash32> range_proof(std::size_t begin, std::size_t end) const;

 private:
  std::vector<std::vector<Hash32>> levels_;  // levels_[0] = leaves, last = {root}
  Hash32 root_{};
};

// Recomputes the root of a tree of `leaf_count` leaves from the hashes of leaves [begin, begin +
// range.size()) and their proof; fails if the proof has the wrong length.
Result<Hash32> root_from_range(std::size_t leaf_count, std::size_t begin,
                               std::span<const Hash32> range, std::span<const Hash32> proof);

}  // namespace espresso::vid
