#pragma once
// Virtual time and a seeded random source: the only sources of time and chance in a simulation,
// so a seed replays a schedule exactly.

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace espresso::sim {

using VirtualTime = std::uint64_t;  // milliseconds since the schedule started

// xoshiro256** seeded through splitmix64: fast, and identical on every platform (unlike
// std::uniform_int_distribution, whose output the standard leaves to the implementation).
class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  std::uint64_t next();
  std::uint64_t below(std::uint64_t bound);                      // uniform in [0, bound); bound > 0
  std::uint64_t between(std::uint64_t low, std::uint64_t high);  // inclusive
  bool chance(double probability);

 private:
  std::uint64_t state_[4];
};

// Events ordered by (time, insertion order): ties never depend on anything but the schedule.
class Scheduler {
 public:
  using Task = std::function<void()>;
  void at(VirtualTime time, Task task);
  void after(VirtualTime delay, Task task) { at(now_ + delay, std::move(task)); }
  // Runs the next event; false when none is left.
  bool step();
  VirtualTime now() const { return now_; }
  std::size_t pending() const { return queue_.size(); }

 private:
  struct Entry {
    VirtualTime time;
    std::uint64_t sequence;
    Task task;
    bool operator>(const Entry& other) const {
      return time != other.time ? time > other.time : sequence > other.sequence;
    }
  };
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
  VirtualTime now_ = 0;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace espresso::sim
