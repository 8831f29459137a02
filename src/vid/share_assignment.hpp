#pragma once
// How a payload's erasure-coded shares are spread over the nodes by stake weight, and how many of
// them are needed to recover it.

#include <cstdint>
#include <span>
#include <vector>

#include "common/result.hpp"

namespace espresso::vid {

// GF(2^8) Reed-Solomon (ISA-L) allows at most 255 shares per payload.
inline constexpr unsigned kMaxTotalShares = 255;

// Recovery threshold as a fraction of total stake: any set of nodes whose stake is strictly greater
// than numerator/denominator of the total can recover the payload.
struct RecoveryThreshold {
  std::uint64_t numerator = 1;
  std::uint64_t denominator = 3;
};

struct VidConfig {
  RecoveryThreshold threshold;
  // Upper bound on the total number of shares; 0 picks max(nodes, 64) capped at 255. More shares
  // follow the stake distribution more closely; fewer make encoding cheaper.
  unsigned share_budget = 0;
};

struct ShareAssignment {
  std::vector<std::uint8_t> counts;  // shares held by each node, in stake-table order
  unsigned total = 0;                // sum of counts (≤ 255)
  unsigned recovery = 0;  // k: shares needed to recover; any set above threshold has ≥ k

  // First share index held by `node` (nodes hold consecutive index ranges, in order).
  unsigned first_index(std::size_t node) const;
};

// Rule (docs/protocol.md): node i with stake w_i > 0 gets ceil(w_i * S / W) shares, where W is the
// total stake and S is the largest scale for which the total stays within the share budget; nodes
// with zero stake get none. k is the smallest share count held by any node set whose stake exceeds
// the threshold (found exactly with a knapsack over the counts), so every such set can recover.
// Counts with a common factor are then divided by it (k with them): the same split into fewer,
// larger shares, cheaper to encode.
Result<ShareAssignment> assign_shares(std::span<const std::uint64_t> weights,
                                      const VidConfig& config = {});

}  // namespace espresso::vid
