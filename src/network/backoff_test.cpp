#include "network/backoff.hpp"

#include <gtest/gtest.h>

namespace espresso {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, GrowsWithJitterUpToTheCapAndResets) {
  Backoff backoff(BackoffPolicy{milliseconds(100), milliseconds(1'000), 2.0}, 7);
  const milliseconds ceilings[] = {milliseconds(100), milliseconds(200),   milliseconds(400),
                                   milliseconds(800), milliseconds(1'000), milliseconds(1'000)};
  for (const auto ceiling : ceilings) {
    const auto delay = backoff.next();
    EXPECT_GE(delay, ceiling / 2);
    EXPECT_LE(delay, ceiling);
  }
  backoff.reset();
  EXPECT_LE(backoff.next(), milliseconds(100));
}

TEST(Backoff, JitterSpreadsPeers) {
  Backoff a(BackoffPolicy{}, 1);
  Backoff b(BackoffPolicy{}, 2);
  bool differ = false;
  for (int i = 0; i < 8; ++i) differ = differ || a.next() != b.next();
  EXPECT_TRUE(differ);
}

}  // namespace
}  // namespace espresso
