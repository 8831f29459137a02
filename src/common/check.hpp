#pragma once
// Invariant checks that stay on in release builds: a broken consensus invariant must stop the node
// loudly rather than let it continue with corrupted state.

#include <source_location>
#include <string_view>

namespace espresso::detail {
[[noreturn]] void check_failed(std::string_view condition, std::string_view message,
                               std::source_location where);
}  // namespace espresso::detail

#define ESEQ_CHECK(condition, message)                                                        \
  do {                                                                                        \
    if (!(condition)) [[unlikely]] {                                                          \
      ::espresso::detail::check_failed(#condition, message, std::source_location::current()); \
    }                                                                                         \
  } while (false)
