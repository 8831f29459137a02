#include "vid/commitment.hpp"

#include <string>

#include "common/hash.hpp"
#include "common/hex.hpp"
#include "common/tagged_base64.hpp"
#include "vid/chunks.hpp"
#include "vid/merkle_tree.hpp"
#include "vid/share_assignment.hpp"

namespace espresso::vid {
namespace {

template <typename Int>
void update_le(Sha256& hasher, Int value) {
  ByteArray<sizeof(Int)> bytes;
  for (std::size_t i = 0; i < sizeof(Int); ++i) {
    bytes[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(value) >> (8 * i));
  }
  hasher.update(bytes);
}

}  // namespace

Hash32 params_digest(const Common& common) {
  Sha256 hasher;
  hasher.update(as_bytes("espresso-vid-params-v2"));
  update_le(hasher, common.recovery);
  update_le(hasher, static_cast<std::uint32_t>(common.share_counts.size()));
  hasher.update(common.share_counts);
  hasher.update(common.share_root);
  return hasher.finalize();
}

Hash32 commitment_from_parts(std::uint64_t payload_len, std::uint16_t recovery,
                             const Hash32& payload_root, const Hash32& params) {
  Sha256 hasher;
  hasher.update(as_bytes("espresso-vid-v2"));
  update_le(hasher, payload_len);
  update_le(hasher, recovery);
  hasher.update(payload_root);
  hasher.update(params);
  return hasher.finalize();
}

Hash32 payload_commitment(const Common& common) {
  return commitment_from_parts(common.payload_len, common.recovery, common.payload_root,
                               params_digest(common));
}

Hash32 payload_chunk_root(ByteView payload, unsigned k) {
  return MerkleTree(payload_chunk_leaves(payload, k)).root();
}

std::string commitment_to_string(const Hash32& commitment) {
  return TaggedBase64{"HASH", to_bytes(commitment)}.to_string();
}

Result<Hash32> parse_commitment(std::string_view text) {
  auto parsed = TaggedBase64::parse_expecting(text, "HASH");
  if (!parsed) return fail(std::move(parsed).error().context("payload commitment"));
  if (parsed->value.size() != 32) {
    return fail("payload commitment \"" + std::string(text) + "\": expected 32 bytes, got " +
                std::to_string(parsed->value.size()));
  }
  Hash32 out;
  std::copy(parsed->value.begin(), parsed->value.end(), out.begin());
  return out;
}

Status verify_common(const Hash32& commitment, const Common& common) {
  const unsigned total = common.total_shares();
  if (common.share_counts.empty()) return fail("vid common: no nodes");
  if (total > kMaxTotalShares) {
    return fail("vid common: " + std::to_string(total) + " shares, at most 255 allowed");
  }
  if (common.recovery == 0 || common.recovery > total) {
    return fail("vid common: recovery threshold k = " + std::to_string(common.recovery) +
                " must be in [1, " + std::to_string(total) + "]");
  }
  if (common.shard_len() > static_cast<std::size_t>(INT32_MAX)) {
    return fail("vid common: payload of " + std::to_string(common.payload_len) +
                " bytes is too large for k = " + std::to_string(common.recovery));
  }
  const Hash32 expected = payload_commitment(common);
  if (expected != commitment) {
    return fail("vid common: hashes to " + to_hex(expected) + ", not to the payload commitment " +
                to_hex(commitment));
  }
  return {};
}

}  // namespace espresso::vid
