#include "common/check.hpp"

#include <cstdio>
#include <cstdlib>

namespace espresso::detail {

void check_failed(std::string_view condition, std::string_view message, std::string_view file,
                  unsigned line) {
  std::fprintf(stderr, "fatal: invariant violated at %.*s:%u: %.*s (%.*s)\n",
               static_cast<int>(file.size()), file.data(), line, static_cast<int>(message.size()),
               message.data(), static_cast<int>(condition.size()), condition.data());
  std::abort();
}

}  // namespace espresso::detail
