#pragma once
// Reading the fields of upstream JSON objects: each reader names the field and quotes the value it
// rejects, so a bad input says what was expected.

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "common/u256.hpp"

namespace espresso::json_fields {

using Json = nlohmann::json;

// Short, single-line rendering of a JSON value for error messages.
std::string quote(const Json& value);

Result<const Json*> member(const Json& object, std::string_view key);
Result<std::uint64_t> as_u64(const Json& value);
Result<std::string> as_string(const Json& value);

// 0x-prefixed hex for Ethereum's U256 (ethers `U256` serde); any number of digits up to 64.
Result<U256> as_u256_hex(const Json& value);
Result<U256> parse_u256_hex(std::string_view text);
// Minimal-digit lowercase "0x..." as ethers serializes U256 ("0x0" for zero).
std::string u256_to_hex(const U256& value);

// Espresso's "string or integer" numbers (ChainId, FeeAmount): an integer, a decimal string or a
// 0x-prefixed hex string.
Result<U256> as_u256_string_or_integer(const Json& value);

// Exactly N bytes as 0x-hex ("0x" optional on input, always written).
Result<Bytes> as_hex_bytes(const Json& value, std::size_t length);

// Wraps a field reader's error with the field name.
template <typename T>
Result<T> in_field(std::string_view key, Result<T> result) {
  if (!result) return fail(std::move(result).error().context(key));
  return result;
}

// Reads `key` of `object` into `out` with `read`. A missing key is reported under `what` (the
// object's name), a bad value under "what: key".
template <typename T, typename Read>
Status read_field(const Json& object, std::string_view what, std::string_view key, T& out,
                  Read read) {
  auto field = member(object, key);
  if (!field) return fail(std::move(field).error().context(what));
  auto value = read(**field);
  if (!value)
    return fail(std::move(value).error().context(std::string(what) + ": " + std::string(key)));
  out = std::move(*value);
  return {};
}

}  // namespace espresso::json_fields
