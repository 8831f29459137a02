#include "api/stream_queue.hpp"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

namespace espresso {
namespace {

using namespace std::chrono_literals;

struct Fixture {
  std::atomic<int> wakes{0};
  StreamQueue queue;
  explicit Fixture(StreamLimits limits) : queue(limits, [this] { ++wakes; }) {}
};

TEST(StreamQueue, FramesComeOutInOrderThenTheCloseOnce) {
  Fixture f({4, 1024});
  EXPECT_TRUE(f.queue.send("a"));
  EXPECT_TRUE(f.queue.send("b"));
  f.queue.close("done");
  EXPECT_FALSE(f.queue.is_open());
  EXPECT_FALSE(f.queue.send("c"));
  EXPECT_EQ(std::get<std::string>(f.queue.next()), "a");
  EXPECT_EQ(std::get<std::string>(f.queue.next()), "b");
  auto close = std::get<StreamClose>(f.queue.next());
  EXPECT_EQ(close.code, StreamCloseCode::kNormal);
  EXPECT_EQ(close.reason, "done");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(f.queue.next()));
  EXPECT_GE(f.wakes.load(), 3);
}

TEST(StreamQueue, ErrorCloseCarriesCode1011) {
  Fixture f({4, 1024});
  f.queue.close_with_error("storage failed");
  f.queue.close("ignored: already closed");
  auto close = std::get<StreamClose>(f.queue.next());
  EXPECT_EQ(close.code, StreamCloseCode::kInternalError);
  EXPECT_EQ(close.reason, "storage failed");
}

TEST(StreamQueue, OverflowClosesAsSlowConsumerAndDropsTheQueue) {
  Fixture f({3, 1024});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(f.queue.send("x"));
  EXPECT_FALSE(f.queue.send("one too many"));
  EXPECT_FALSE(f.queue.is_open());
  EXPECT_EQ(f.queue.queued_frames(), 0u);
  auto close = std::get<StreamClose>(f.queue.next());
  EXPECT_EQ(close.code, StreamCloseCode::kPolicy);
  EXPECT_NE(close.reason.find("slow consumer"), std::string::npos) << close.reason;
}

TEST(StreamQueue, ByteBoundCountsButALargeFrameAloneIsSent) {
  Fixture f({100, 10});
  EXPECT_TRUE(f.queue.send(std::string(50, 'a')));  // alone: accepted
  EXPECT_FALSE(f.queue.wait_for_room(0ms));
  EXPECT_FALSE(f.queue.send("b"));  // over the byte bound
  EXPECT_FALSE(f.queue.is_open());
}

TEST(StreamQueue, WaitForRoomWakesWhenTheConnectionTakesAFrame) {
  Fixture f({1, 1024});
  EXPECT_TRUE(f.queue.wait_for_room(0ms));
  EXPECT_TRUE(f.queue.send("a"));
  EXPECT_FALSE(f.queue.wait_for_room(10ms));
  std::thread consumer([&] {
    std::this_thread::sleep_for(20ms);
    f.queue.next();
  });
  EXPECT_TRUE(f.queue.wait_for_room(5s));
  consumer.join();
}

TEST(StreamQueue, ShutDownReleasesWaitingProducers) {
  Fixture f({1, 1024});
  EXPECT_TRUE(f.queue.send("a"));
  std::thread closer([&] {
    std::this_thread::sleep_for(20ms);
    f.queue.shut_down();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(f.queue.wait_for_room(5s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  closer.join();
  EXPECT_TRUE(std::holds_alternative<std::monostate>(f.queue.next()));
}

}  // namespace
}  // namespace espresso
