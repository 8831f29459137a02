#pragma once
// The deterministic encoding both the disperser and the re-encoding check run: the payload as k
// data shards, Reed-Solomon parity, the share tree and the chunk tree; and the shares of the nodes
// asked for, each with its range proof.

#include <cstdint>
#include <span>
#include <vector>

#include "common/bytes.hpp"
#include "vid/types.hpp"

namespace espresso::vid {

struct Encoding {
  Common common;
  std::vector<Share> shares;  // those of `share_of`, in that order
};

// counts: shares per node (sum ≤ 255); k: recovery threshold (1 ≤ k ≤ sum); share_of: nodes whose
// shares to build (each < counts.size()). Whole data shards are read in place (only a partial or
// empty last one is copied, zero-padded) and the parity goes to one buffer, so a node that needs
// only the commitment, or only its own share, copies nothing else.
Encoding encode_payload(ByteView payload, std::span<const std::uint8_t> counts, unsigned k,
                        std::span<const std::uint32_t> share_of = {});

}  // namespace espresso::vid
