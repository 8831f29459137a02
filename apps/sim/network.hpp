#pragma once
// The network model: per-link delay, loss, duplication and partitions before the global
// stabilization time (GST); after GST every message between live nodes arrives within a bound.

#include <vector>

#include "sim/scheduler.hpp"

namespace espresso::sim {

struct NetworkConditions {
  VirtualTime min_delay_ms = 1;
  VirtualTime max_delay_ms = 50;  // random delays also reorder messages
  double loss = 0;
  double duplication = 0;
};

class Network {
 public:
  Network(std::size_t endpoints, NetworkConditions before_gst, NetworkConditions after_gst,
          VirtualTime gst);

  // Splits endpoints into two sides (side[i] = 0 or 1) until GST; messages across are lost.
  void partition(std::vector<int> side) { side_ = std::move(side); }
  void heal() { side_.clear(); }

  // Delivery times for one message from `from` to `to` (empty: lost; two: duplicated).
  std::vector<VirtualTime> delivery_delays(std::size_t from, std::size_t to, VirtualTime now,
                                           Rng& rng, std::uint64_t& faults);
  VirtualTime gst() const { return gst_; }

 private:
  std::size_t endpoints_;
  NetworkConditions before_;
  NetworkConditions after_;
  VirtualTime gst_;
  std::vector<int> side_;
};

}  // namespace espresso::sim
