#pragma once
// The deterministic encoding both the disperser and the re-encoding check run: shards of the
// payload, Reed-Solomon parity written straight into each node's buffer, the share tree and the
// chunk tree.

#include <span>
#include <vector>

#include "common/bytes.hpp"
#include "vid/merkle_tree.hpp"
#include "vid/types.hpp"

namespace espresso::vid {

struct Encoding {
  Common common;
  std::vector<Bytes> node_data;  // node i's shards, concatenated in index order
  MerkleTree share_tree;
};

// counts: shares per node (sum ≤ 255); k: recovery threshold (1 ≤ k ≤ sum).
Encoding encode_payload(ByteView payload, std::span<const std::uint8_t> counts, unsigned k);

// The common part the same encoding yields, from the payload as k zero-padded data shards
// (`padded`, k * shard_len bytes, the payload being its first payload_len bytes), without building
// per-node buffers: what the re-encoding check needs.
Common recommit_payload(ByteView padded, std::uint64_t payload_len,
                        std::span<const std::uint8_t> counts, unsigned k);

}  // namespace espresso::vid
