#pragma once
// A Merkle path proof, shared by the block tree and the fee tree, with the root computation that
// both verifiers use. Shape and semantics follow jellyfish `MerkleTreeProof` and
// `verify_merkle_proof` (merkle_tree/src/internal.rs):
//  - `levels[l]` holds the digests of the other children of the path's node at level l+1, left to
//  right
//    (the path's own child left out), leaf level first; so a level has arity-1 digests;
//  - a non-membership proof whose path enters an empty subtree has empty levels below that subtree.
// Binary form = upstream's CanonicalSerialize of Vec<Vec<Sha3Node>>: u64 LE level count, then per
// level u64 LE digest count and the 32-byte digests. Text form: TaggedBase64 with tag MERKLE_PROOF.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.hpp"
#include "common/encoding.hpp"
#include "common/result.hpp"

namespace espresso {

struct MerkleProof {
  static constexpr std::string_view kTag = "MERKLE_PROOF";

  std::vector<std::vector<Hash32>> levels;

  Bytes to_bytes() const;
  // Rejects truncated or trailing bytes and implausible counts before allocating.
  static Result<MerkleProof> from_bytes(ByteView bytes);
  // The same form inside a larger encoding.
  void write_to(Writer& writer) const;
  static Result<MerkleProof> read_from(Reader& reader);

  std::string to_tagged_base64() const;
  static Result<MerkleProof> from_tagged_base64(std::string_view text);

  friend bool operator==(const MerkleProof&, const MerkleProof&) = default;
};

// The root digest implied by `proof` for the leaf at `path` (child position per level, leaf level
// first) holding `leaf_digest`, or holding nothing when it is nullopt. Errors describe a proof of
// the wrong shape (level count, digests per level, empty levels in a membership proof, bad
// position).
Result<Hash32> merkle_root_from_proof(const std::optional<Hash32>& leaf_digest,
                                      std::span<const std::uint32_t> path, std::size_t arity,
                                      const MerkleProof& proof);

}  // namespace espresso
