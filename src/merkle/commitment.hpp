#pragma once
// The root commitment of a Merkle tree, as upstream jellyfish `MerkleTreeCommitment` serializes it
// (merkle_tree/src/lib.rs, CanonicalSerialize, field order digest, height, num_leaves):
//   digest (32 bytes) ‖ height (u64 LE) ‖ num_leaves (u64 LE)   = 48 bytes.
// Headers show it as TaggedBase64 with tag MERKLE_COMM (see tagged_base64_test in
// commitment_test.cpp).

#include <cstdint>
#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace espresso {

struct MerkleCommitment {
  static constexpr std::size_t kEncodedSize = 48;
  static constexpr std::string_view kTag = "MERKLE_COMM";

  Hash32 digest{};
  std::uint64_t height = 0;
  std::uint64_t num_leaves = 0;

  ByteArray<kEncodedSize> to_bytes() const;
  // Exactly 48 bytes; errors say how many were given.
  static Result<MerkleCommitment> from_bytes(ByteView bytes);

  // "MERKLE_COMM~..."; parsing errors quote the text and say what was wrong.
  std::string to_tagged_base64() const;
  static Result<MerkleCommitment> from_tagged_base64(std::string_view text);

  friend bool operator==(const MerkleCommitment&, const MerkleCommitment&) = default;
};

}  // namespace espresso
