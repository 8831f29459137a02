#pragma once
// The payload commitment: binds the payload length, the payload's chunk tree and the encoding
// parameters with the share tree, so a node can check the common part before trusting it.
//
//   params     = SHA-256("espresso-vid-params-v2" || k:u16 || nodes:u32 || counts:u8[] ||
//                        share_root)
//   commitment = SHA-256("espresso-vid-v2" || payload_len:u64 || k:u16 || payload_root || params)
//
// (integers little-endian). A namespace proof carries `params`, so it stays small, and k, which
// places the payload's chunk boundaries (vid/chunks.hpp).

#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "vid/types.hpp"

namespace espresso::vid {

Hash32 params_digest(const Common& common);
Hash32 commitment_from_parts(std::uint64_t payload_len, std::uint16_t recovery,
                             const Hash32& payload_root, const Hash32& params);
Hash32 payload_commitment(const Common& common);

// Root of the payload chunk tree of `payload` dispersed with recovery threshold k: the payload cut
// at its data shards' chunk boundaries (vid/chunks.hpp). Common::payload_root.
Hash32 payload_chunk_root(ByteView payload, unsigned k);

// Text form of a payload commitment as in upstream header JSON: TaggedBase64 with tag "HASH" of the
// 32 bytes (tests/vectors/espresso-v1/header.json, "payload_commitment").
std::string commitment_to_string(const Hash32& commitment);
Result<Hash32> parse_commitment(std::string_view text);

// Checks the common part is well formed and hashes to `commitment`.
Status verify_common(const Hash32& commitment, const Common& common);

}  // namespace espresso::vid
