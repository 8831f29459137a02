#include "node/chain/unix_clock.hpp"

#include <chrono>

namespace espresso {

std::uint64_t system_unix_seconds() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count());
}

}  // namespace espresso
