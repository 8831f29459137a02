#pragma once
// Reconnection delays: exponential growth from `initial` by `multiplier`, capped at `max`, each
// delay drawn uniformly from [d/2, d] ("equal jitter") so peers that lost a common neighbour do not
// all redial it at the same instant.

#include <chrono>
#include <cstdint>
#include <random>

namespace espresso {

struct BackoffPolicy {
  std::chrono::milliseconds initial{100};
  std::chrono::milliseconds max{10'000};
  double multiplier = 2.0;
};

class Backoff {
 public:
  Backoff(BackoffPolicy policy, std::uint64_t seed);

  // The delay before the next attempt; grows until `max`.
  std::chrono::milliseconds next();
  // After a success: the next delay starts from `initial` again.
  void reset() { current_ = policy_.initial; }

 private:
  BackoffPolicy policy_;
  std::chrono::milliseconds current_;
  std::mt19937_64 rng_;
};

}  // namespace espresso
