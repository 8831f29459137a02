#include "network/send_queue.hpp"

#include <gtest/gtest.h>

namespace espresso {
namespace {

SharedBytes message(std::size_t size, std::uint8_t fill = 0) {
  return std::make_shared<const Bytes>(size, fill);
}

TEST(SendQueue, RefusesNewMessagesBeyondTheCount) {
  SendQueue queue(SendQueueLimits{2, 1'000});
  EXPECT_TRUE(queue.push(message(1, 1)));
  EXPECT_TRUE(queue.push(message(1, 2)));
  EXPECT_FALSE(queue.push(message(1, 3)));
  EXPECT_EQ(queue.size(), 2u);
  const auto batch = queue.pop_batch(10, 1'000);
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ((*batch[0])[0], 1);  // oldest first, nothing dropped
  EXPECT_EQ((*batch[1])[0], 2);
  EXPECT_TRUE(queue.push(message(1, 3)));
}

TEST(SendQueue, RefusesNewMessagesBeyondTheBytes) {
  SendQueue queue(SendQueueLimits{100, 10});
  EXPECT_TRUE(queue.push(message(6)));
  EXPECT_FALSE(queue.push(message(5)));
  EXPECT_TRUE(queue.push(message(4)));
  EXPECT_EQ(queue.bytes(), 10u);
  EXPECT_FALSE(queue.push(message(11)));
}

TEST(SendQueue, BatchesByCountAndBytesButAlwaysTakesOne) {
  SendQueue queue(SendQueueLimits{100, 1'000});
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(queue.push(message(100)));
  EXPECT_EQ(queue.pop_batch(2, 1'000).size(), 2u);
  EXPECT_EQ(queue.pop_batch(10, 150).size(), 1u);
  EXPECT_EQ(queue.pop_batch(10, 10).size(), 1u);  // larger than the byte budget, still progresses
  EXPECT_EQ(queue.size(), 1u);
  EXPECT_EQ(queue.bytes(), 100u);
}

}  // namespace
}  // namespace espresso
