#pragma once
// Invariant checks that stay on in release builds: a broken consensus invariant must stop the node
// loudly rather than let it continue with corrupted state.

#include <string_view>

namespace espresso::detail {
[[noreturn]] void check_failed(std::string_view condition, std::string_view message,
                               std::string_view file, unsigned line);
}  // namespace espresso::detail

// __FILE__/__LINE__ rather than std::source_location: clang 14 (used for libFuzzer builds) cannot
// compile libstdc++ 12's <source_location>.
#define ESEQ_CHECK(condition, message)                                           \
  do {                                                                           \
    if (!(condition)) [[unlikely]] {                                             \
      ::espresso::detail::check_failed(#condition, message, __FILE__, __LINE__); \
    }                                                                            \
  } while (false)
