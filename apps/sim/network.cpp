#include "sim/network.hpp"

namespace espresso::sim {

Network::Network(std::size_t endpoints, NetworkConditions before_gst, NetworkConditions after_gst,
                 VirtualTime gst)
    : endpoints_(endpoints), before_(before_gst), after_(after_gst), gst_(gst) {}

std::vector<VirtualTime> Network::delivery_delays(std::size_t from, std::size_t to, VirtualTime now,
                                                  Rng& rng, std::uint64_t& faults) {
  const bool stable = now >= gst_;
  const NetworkConditions& c = stable ? after_ : before_;
  if (!stable && !side_.empty() && from < endpoints_ && to < endpoints_ &&
      side_[from] != side_[to]) {
    ++faults;
    return {};
  }
  if (c.loss > 0 && rng.chance(c.loss)) {
    ++faults;
    return {};
  }
  std::vector<VirtualTime> delays{rng.between(c.min_delay_ms, c.max_delay_ms)};
  if (c.duplication > 0 && rng.chance(c.duplication)) {
    ++faults;
    delays.push_back(rng.between(c.min_delay_ms, c.max_delay_ms));
  }
  return delays;
}

}  // namespace espresso::sim
