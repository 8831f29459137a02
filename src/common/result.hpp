#pragma once
// Explicit error results for module boundaries: a value or an Error that says what was wrong.

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace espresso {

struct Error {
  std::string message;

  // Prefixes the message with where the error happened ("genesis: [chain_config] base_fee: ...").
  Error context(std::string_view where) const& {
    return Error{std::string(where) + ": " + message};
  }
  Error context(std::string_view where) && {
    message.insert(0, std::string(where) + ": ");
    return std::move(*this);
  }
  friend bool operator==(const Error&, const Error&) = default;
};

template <typename T>
using Result = tl::expected<T, Error>;

// Status of an operation that yields no value.
using Status = Result<void>;

inline tl::unexpected<Error> fail(std::string message) {
  return tl::unexpected<Error>(Error{std::move(message)});
}

inline tl::unexpected<Error> fail(Error error) {
  return tl::unexpected<Error>(std::move(error));
}

}  // namespace espresso

// Propagates an error from an expression yielding Result<T>; otherwise evaluates to nothing.
#define ESEQ_TRY_STATUS(expr)                                       \
  do {                                                              \
    if (auto eseq_try_result_ = (expr); !eseq_try_result_) {        \
      return ::espresso::fail(std::move(eseq_try_result_).error()); \
    }                                                               \
  } while (false)
