#pragma once
// The values VID dispersal produces: the common part every node gets, and each node's share.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/bytes.hpp"

namespace espresso::vid {

// Shards and the payload are committed in chunks of (at most) this size, so a namespace's bytes can
// be proven without the rest of the payload (docs/protocol.md, vid/chunks.hpp).
inline constexpr std::size_t kChunkSize = 4096;

// Public data of one dispersal; its hash is the payload commitment.
struct Common {
  std::uint64_t payload_len = 0;
  std::uint16_t recovery = 0;              // k: shares needed to recover
  std::vector<std::uint8_t> share_counts;  // per node, stake-table order; sum ≤ 255
  Hash32 share_root{};    // Merkle root over all shares (leaf j = shard j's chunk digests)
  Hash32 payload_root{};  // Merkle root over the payload's chunks (cut as the data shards')

  unsigned total_shares() const;
  std::size_t shard_len() const;  // bytes per share: ceil(payload_len / k)
  unsigned first_index(std::size_t node) const;
  friend bool operator==(const Common&, const Common&) = default;
};

// One node's shares: consecutive share indices [first_index, first_index + count), their bytes
// concatenated, and one Merkle range proof for all of them.
struct Share {
  std::uint32_t node = 0;
  std::uint16_t first_index = 0;
  std::uint16_t count = 0;
  Bytes data;  // count * shard_len bytes
  std::vector<Hash32> proof;

  ByteView shard(std::size_t i, std::size_t shard_len) const {
    return ByteView(data).subspan(i * shard_len, shard_len);
  }
  friend bool operator==(const Share&, const Share&) = default;
};

struct Dispersal {
  Hash32 commitment{};  // the header's payload_commitment
  Common common;
  std::vector<Share> shares;  // one per node, stake-table order (disperse_to: those asked for)
};

}  // namespace espresso::vid
