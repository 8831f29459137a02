#pragma once
// Keccak-256 commitments built field by field, byte-compatible with Espresso's `committable` crate
// (EspressoSystems/commit, src/lib.rs, `RawCommitmentBuilder`). Every primitive below documents the
// exact bytes it feeds to the hasher, because those bytes are the compatibility contract.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/hash.hpp"

namespace espresso {

// A 32-byte commitment together with the TaggedBase64 tag of the type it commits to.
struct Commitment {
  std::string tag;
  Hash32 digest{};

  // "TAG~<base64url>" as upstream displays commitments.
  std::string to_tagged_base64() const;

  friend bool operator==(const Commitment&, const Commitment&) = default;
};

class CommitmentBuilder {
 public:
  // Starts with constant_str(tag), as upstream's `RawCommitmentBuilder::new(tag)`.
  explicit CommitmentBuilder(std::string_view tag);

  // The UTF-8 bytes of `text` followed by 0xC0 0x7F (an invalid UTF-8 pair that terminates
  // strings).
  CommitmentBuilder& constant_str(std::string_view text);
  // The bytes as they are, without a length.
  CommitmentBuilder& fixed_size_bytes(ByteView bytes);
  // u64 little-endian.
  CommitmentBuilder& u64(std::uint64_t value);
  CommitmentBuilder& u32(std::uint32_t value);
  CommitmentBuilder& u16(std::uint16_t value);
  // u64 little-endian length, then the bytes.
  CommitmentBuilder& var_size_bytes(ByteView bytes);
  // constant_str(name) then the primitive.
  CommitmentBuilder& fixed_size_field(std::string_view name, ByteView bytes);
  CommitmentBuilder& var_size_field(std::string_view name, ByteView bytes);
  CommitmentBuilder& u64_field(std::string_view name, std::uint64_t value);
  // A nested commitment: constant_str(name) then its 32 bytes.
  CommitmentBuilder& field(std::string_view name, const Hash32& commitment);
  // Optional nested commitment: as field() when present, as u64_field(name, 0) when absent.
  CommitmentBuilder& optional(std::string_view name, const Hash32* commitment);
  // constant_str(name), u64 count, then each 32-byte commitment.
  CommitmentBuilder& array_field(std::string_view name, std::span<const Hash32> commitments);

  Hash32 finalize();

 private:
  Keccak256 hasher_;
};

}  // namespace espresso
