#include "merkle/commitment.hpp"

#include <algorithm>
#include <string>

#include "common/tagged_base64.hpp"

namespace espresso {
namespace {

void put_u64_le(std::uint8_t* out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

std::uint64_t get_u64_le(const std::uint8_t* in) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | in[i];
  return value;
}

}  // namespace

ByteArray<MerkleCommitment::kEncodedSize> MerkleCommitment::to_bytes() const {
  ByteArray<kEncodedSize> out{};
  std::ranges::copy(digest, out.begin());
  put_u64_le(out.data() + 32, height);
  put_u64_le(out.data() + 40, num_leaves);
  return out;
}

Result<MerkleCommitment> MerkleCommitment::from_bytes(ByteView bytes) {
  if (bytes.size() != kEncodedSize) {
    return fail("Merkle commitment: expected " + std::to_string(kEncodedSize) + " bytes, got " +
                std::to_string(bytes.size()));
  }
  MerkleCommitment out;
  std::copy_n(bytes.begin(), 32, out.digest.begin());
  out.height = get_u64_le(bytes.data() + 32);
  out.num_leaves = get_u64_le(bytes.data() + 40);
  return out;
}

std::string MerkleCommitment::to_tagged_base64() const {
  const auto bytes = to_bytes();
  return TaggedBase64{std::string(kTag), Bytes(bytes.begin(), bytes.end())}.to_string();
}

Result<MerkleCommitment> MerkleCommitment::from_tagged_base64(std::string_view text) {
  auto tagged = TaggedBase64::parse_expecting(text, kTag);
  if (!tagged) return fail(std::move(tagged).error());
  auto parsed = from_bytes(tagged->value);
  if (!parsed) return fail(std::move(parsed).error().context("\"" + std::string(text) + "\""));
  return parsed;
}

}  // namespace espresso
