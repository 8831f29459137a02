#include "vid/types.hpp"

namespace espresso::vid {

unsigned Common::total_shares() const {
  unsigned total = 0;
  for (const auto count : share_counts) total += count;
  return total;
}

std::size_t Common::shard_len() const {
  if (recovery == 0) return 0;
  return static_cast<std::size_t>((payload_len + recovery - 1) / recovery);
}

unsigned Common::first_index(std::size_t node) const {
  unsigned first = 0;
  for (std::size_t i = 0; i < node && i < share_counts.size(); ++i) first += share_counts[i];
  return first;
}

}  // namespace espresso::vid
