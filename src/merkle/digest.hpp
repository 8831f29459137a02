#pragma once
// Node hashing of Espresso's Merkle trees, as upstream jellyfish `Sha3Digest` does it
// (merkle_tree/src/prelude.rs, `impl_mt_hash_256!(Sha3_256, Sha3Node, Sha3Digest)`; internal.rs):
//   leaf     = SHA3-256(canonical serialization of the element)   (the leaf's position is NOT
//   hashed) internal = SHA3-256(child_0 ‖ child_1 ‖ ... ‖ child_{arity-1})  (32 bytes each) empty
//   subtree, at any level = 32 zero bytes (jellyfish `MerkleNode::Empty` has value T::default())
// SHA3-256 is FIPS 202 SHA3, not Ethereum's Keccak-256 (the `sha3` crate's `Sha3_256`).

#include <span>

#include "common/bytes.hpp"

namespace espresso {

// The digest of an empty subtree.
inline constexpr Hash32 kEmptyMerkleDigest{};

Hash32 sha3_256(ByteView data);

// Digest of a leaf whose element serializes to `element_bytes`.
Hash32 merkle_leaf_digest(ByteView element_bytes);

// Digest of an internal node from all of its children's digests, in order.
Hash32 merkle_node_digest(std::span<const Hash32> children);

}  // namespace espresso
