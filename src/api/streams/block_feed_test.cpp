#include "api/streams/block_feed.hpp"

#include <thread>

#include <gtest/gtest.h>

namespace espresso::streams {
namespace {

using namespace std::chrono_literals;

TEST(BlockFeed, PublishWakesAWaiterForThatBlock) {
  BlockFeed feed(3);
  EXPECT_TRUE(feed.wait_for(2, {}, 0ms));
  EXPECT_FALSE(feed.wait_for(3, {}, 10ms));
  std::thread publisher([&] {
    std::this_thread::sleep_for(20ms);
    feed.publish(3);
  });
  EXPECT_TRUE(feed.wait_for(3, {}, 5s));
  publisher.join();
  EXPECT_EQ(feed.height(), 4u);
  feed.publish(1);  // an older block (catch-up) never moves the height back
  EXPECT_EQ(feed.height(), 4u);
}

TEST(BlockFeed, StopRequestEndsAWait) {
  BlockFeed feed;
  std::stop_source stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(20ms);
    stop.request_stop();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(feed.wait_for(0, stop.get_token(), 5s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  stopper.join();
}

}  // namespace
}  // namespace espresso::streams
