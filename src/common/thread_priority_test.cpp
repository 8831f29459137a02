#include "common/thread_priority.hpp"

#include <thread>

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace espresso {
namespace {

int this_thread_nice() {
  return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)));
}

TEST(ThreadPriority, LowersOnlyTheCallingThreadAndStopsAt19) {
  const int before = this_thread_nice();
  int lowered = 0;
  int capped = 0;
  std::thread background([&] {
    ASSERT_TRUE(lower_this_thread_priority(5));
    lowered = this_thread_nice();
    ASSERT_TRUE(lower_this_thread_priority(40));
    capped = this_thread_nice();
  });
  background.join();
  EXPECT_EQ(lowered, std::min(before + 5, 19));
  EXPECT_EQ(capped, 19);
  EXPECT_EQ(this_thread_nice(), before);  // the caller's own is untouched
}

}  // namespace
}  // namespace espresso
