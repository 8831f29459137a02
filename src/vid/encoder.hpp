#pragma once
// The deterministic encoding both the disperser and the re-encoding check run: shards of the
// payload, Reed-Solomon parity written straight into each node's buffer, the share tree and the
// chunk tree.

#include <cstdint>
#include <optional>
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

// The same encoding for a node that already holds the whole payload: what the re-encoding check
// of recovery and a DA member's commitment check need. Whole data shards are read in place (only a
// partial or empty last one is copied, zero-padded) and the parity goes to one buffer, without
// building every node's buffer; `share` is node `share_of`'s share as encode_payload's would be.
struct Recommitted {
  Common common;
  std::optional<Share> share;
};
Recommitted recommit_payload(ByteView payload, std::span<const std::uint8_t> counts, unsigned k,
                             std::optional<std::uint32_t> share_of = std::nullopt);

}  // namespace espresso::vid
