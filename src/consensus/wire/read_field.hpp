#pragma once
// Decoding helpers of the wire codec: unwrap one field or return its error named after the field.

#include <optional>
#include <string>

#include "common/encoding.hpp"
#include "common/result.hpp"

// Reads `expr` (a Result) into `target`; on error returns it prefixed with `field`.
#define ESEQ_WIRE_READ(target, expr, field)                                                    \
  do {                                                                                         \
    auto eseq_wire_result_ = (expr);                                                           \
    if (!eseq_wire_result_) return ::espresso::fail(eseq_wire_result_.error().context(field)); \
    target = std::move(*eseq_wire_result_);                                                    \
  } while (false)

namespace espresso::consensus::wire {

// A length or count checked against its limit before anything is allocated for it.
inline Status check_bound(std::uint64_t value, std::uint64_t limit, const char* what) {
  if (value > limit) {
    return fail(std::string(what) + " " + std::to_string(value) + " > limit " +
                std::to_string(limit));
  }
  return {};
}

template <typename T, typename WriteFn>
void write_optional(Writer& out, const std::optional<T>& value, WriteFn write) {
  out.boolean(value.has_value());
  if (value) write(out, *value);
}

template <typename T, typename ReadFn>
Result<std::optional<T>> read_optional(Reader& in, ReadFn read) {
  auto present = in.boolean();
  if (!present) return fail(std::move(present).error().context("presence flag"));
  if (!*present) return std::optional<T>{};
  auto value = read(in);
  if (!value) return fail(std::move(value).error());
  return std::optional<T>(std::move(*value));
}

}  // namespace espresso::consensus::wire
