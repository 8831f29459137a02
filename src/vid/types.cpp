#include "vid/types.hpp"

namespace espresso::vid {

unsigned Common::total_shares() const {
  unsigned total = 0;
  for (const auto count : share_counts) total += count;
  return total;
}

std::size_t Common::shard_len() const {
  if (recovery == 0) return 0;
  // Not (len + k - 1) / k, which wraps for a (hostile) length near 2^64 into a small shard length.
  return static_cast<std::size_t>(payload_len / recovery + (payload_len % recovery != 0 ? 1 : 0));
}

unsigned Common::first_index(std::size_t node) const {
  unsigned first = 0;
  for (std::size_t i = 0; i < node && i < share_counts.size(); ++i) first += share_counts[i];
  return first;
}

}  // namespace espresso::vid
