#include "common/thread_priority.hpp"

#include <algorithm>
#include <cerrno>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace espresso {

bool lower_this_thread_priority(int steps) {
  const auto thread = static_cast<id_t>(::syscall(SYS_gettid));
  errno = 0;
  const int current = ::getpriority(PRIO_PROCESS, thread);
  if (current == -1 && errno != 0) return false;
  return ::setpriority(PRIO_PROCESS, thread, std::min(current + std::max(steps, 0), 19)) == 0;
}

}  // namespace espresso
