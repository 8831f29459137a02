#pragma once
// The local clock as the block layer reads it (unix seconds), injected so tests control time.

#include <cstdint>
#include <functional>

namespace espresso {

using UnixClock = std::function<std::uint64_t()>;

// The system clock.
std::uint64_t system_unix_seconds();

}  // namespace espresso
