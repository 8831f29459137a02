#include "network/backoff.hpp"

#include <algorithm>

namespace espresso {

Backoff::Backoff(BackoffPolicy policy, std::uint64_t seed)
    : policy_(policy), current_(policy.initial), rng_(seed) {
  policy_.initial = std::max(policy_.initial, std::chrono::milliseconds(1));
  policy_.max = std::max(policy_.max, policy_.initial);
  policy_.multiplier = std::max(policy_.multiplier, 1.0);
  current_ = policy_.initial;
}

std::chrono::milliseconds Backoff::next() {
  const auto ceiling = std::min(current_, policy_.max);
  std::uniform_int_distribution<std::int64_t> pick(ceiling.count() / 2, ceiling.count());
  const std::chrono::milliseconds delay(pick(rng_));
  const double grown = static_cast<double>(current_.count()) * policy_.multiplier;
  current_ = std::chrono::milliseconds(
      static_cast<std::int64_t>(std::min(grown, static_cast<double>(policy_.max.count()))));
  return delay;
}

}  // namespace espresso
