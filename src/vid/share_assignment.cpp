#include "vid/share_assignment.hpp"

#include <algorithm>
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

  // best[c] = the most stake any node set holding at most c shares can have (0/1 knapsack).
  std::vector<Wide> best(out.total + 1, 0);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const unsigned count = out.counts[i];
    if (count == 0) continue;
    for (unsigned c = out.total; c >= count; --c) {
      best[c] = std::max(best[c], best[c - count] + weights[i]);
    }
  }
  // k = the least c whose best[c] exceeds the threshold = the fewest shares any set above it holds.
  // It exists: all nodes together (c = total) hold all stake, and t < 1.
  unsigned k = 1;
  while (best[k] * t.denominator <= total * t.numerator) ++k;
  out.recovery = k;
  return out;
}

}  // namespace espresso::vid
