#pragma once
// Wall-clock time for the one rule that needs it: time-based upgrade windows. The replica has no
// clock of its own; the driver injects one (the node: the system clock; the simulator: its virtual
// time), so a replica stays deterministic under test.

#include <cstdint>

namespace espresso::consensus {

class WallClock {
 public:
  virtual ~WallClock() = default;
  virtual std::uint64_t now_unix_seconds() const = 0;
};

}  // namespace espresso::consensus
