#include "vid/share_assignment.hpp"

#include <algorithm>
#include <numeric>
#include <string>

namespace espresso::vid {
namespace {

__extension__ using Wide = unsigned __int128;

std::vector<std::uint8_t> counts_at_scale(std::span<const std::uint64_t> weights, Wide total,
                                          unsigned scale, unsigned& sum) {
  std::vector<std::uint8_t> counts(weights.size(), 0);
  sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] == 0) continue;
    const Wide scaled = static_cast<Wide>(weights[i]) * scale;
    const auto count = static_cast<unsigned>((scaled + total - 1) / total);  // ≤ scale ≤ 255
    counts[i] = static_cast<std::uint8_t>(count);
    sum += count;
  }
  return counts;
}

// k for these counts: the least c such that some node set holding at most c shares has stake
// above the threshold, i.e. the fewest shares any set above it holds (0/1 knapsack on best[c] =
// the most stake a set of at most c shares can have). It exists: all nodes together hold all
// stake, and the threshold is below 1.
unsigned recovery_count(std::span<const std::uint64_t> weights,
                        std::span<const std::uint8_t> counts, unsigned shares, Wide total,
                        const RecoveryThreshold& t) {
  std::vector<Wide> best(shares + 1, 0);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const unsigned count = counts[i];
    if (count == 0) continue;
    for (unsigned c = shares; c >= count; --c) {
      best[c] = std::max(best[c], best[c - count] + weights[i]);
    }
  }
  unsigned k = 1;
  while (best[k] * t.denominator <= total * t.numerator) ++k;
  return k;
}

}  // namespace

unsigned ShareAssignment::first_index(std::size_t node) const {
  unsigned first = 0;
  for (std::size_t i = 0; i < node && i < counts.size(); ++i) first += counts[i];
  return first;
}

Result<ShareAssignment> assign_shares(std::span<const std::uint64_t> weights,
                                      const VidConfig& config) {
  const auto& t = config.threshold;
  if (t.denominator == 0 || t.numerator >= t.denominator) {
    return fail("vid: recovery threshold " + std::to_string(t.numerator) + "/" +
                std::to_string(t.denominator) + " must be a fraction in [0, 1)");
  }
  Wide total = 0;
  unsigned staked = 0;
  for (const auto w : weights) {
    total += w;
    if (w > 0) ++staked;
  }
  if (staked == 0)
    return fail("vid: no node has stake (" + std::to_string(weights.size()) + " nodes)");
  if (total > Wide{UINT64_MAX}) return fail("vid: total stake exceeds 2^64 - 1; scale the weights");
  unsigned budget = config.share_budget == 0 ? std::max(staked, 64u) : config.share_budget;
  budget = std::min(budget, kMaxTotalShares);
  if (staked > budget) {
    return fail("vid: " + std::to_string(staked) + " nodes with stake, but at most " +
                std::to_string(budget) +
                " shares (GF(2^8) allows 255); every staked node needs one");
  }

  // Largest scale whose rounded-up counts fit the budget; the sum grows with the scale and is at
  // least the scale, so the answer lies in [1, budget].
  unsigned low = 1;
  unsigned high = budget;
  while (low < high) {
    const unsigned mid = (low + high + 1) / 2;
    unsigned sum = 0;
    counts_at_scale(weights, total, mid, sum);
    if (sum <= budget) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  ShareAssignment out;
  out.counts = counts_at_scale(weights, total, low, out.total);
  out.recovery = recovery_count(weights, out.counts, out.total, total, t);

  // Counts with a common factor g describe the same split with g-times smaller shares: every node
  // set holds g times the shares, so k is a multiple of g too. Dividing it out keeps each node's
  // fraction (count / k) and the redundancy (total / k), and ISA-L's work per payload byte grows
  // with the parity count: four equal stakes take 2 of 4 shares instead of 32 of 64 (16x less).
  unsigned g = 0;
  for (const auto c : out.counts) g = std::gcd(g, unsigned{c});
  if (g > 1) {
    for (auto& c : out.counts) c = static_cast<std::uint8_t>(c / g);
    out.total /= g;
    out.recovery /= g;
  }
  return out;
}

}  // namespace espresso::vid
