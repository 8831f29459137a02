#include "types/json_fields.hpp"

#include "common/hex.hpp"

namespace espresso::json_fields {

std::string quote(const Json& value) {
  // Replace invalid UTF-8 instead of throwing: the value may come from hostile bytes.
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  constexpr std::size_t kMax = 80;
  if (text.size() > kMax) text = text.substr(0, kMax) + "...";
  return text;
}

Result<const Json*> member(const Json& object, std::string_view key) {
  if (!object.is_object()) return fail("expected a JSON object, got " + quote(object));
  auto it = object.find(key);
  if (it == object.end()) return fail("missing field \"" + std::string(key) + "\"");
  return &*it;
}

Result<std::uint64_t> as_u64(const Json& value) {
  // Programmatic JSON stores small literals as signed integers; parsed JSON as unsigned.
  bool non_negative =
      value.is_number_unsigned() || (value.is_number_integer() && value.get<std::int64_t>() >= 0);
  if (!non_negative) return fail("expected an unsigned 64-bit integer, got " + quote(value));
  return value.get<std::uint64_t>();
}

Result<std::string> as_string(const Json& value) {
  if (!value.is_string()) return fail("expected a string, got " + quote(value));
  return value.get<std::string>();
}

namespace {

Result<U256> parse_hex_digits(std::string_view digits, const Json& original) {
  if (digits.empty() || digits.size() > 64) {
    return fail("expected 1 to 64 hex digits after 0x, got " + quote(original));
  }
  U256 out = 0;
  for (char c : digits) {
    int d = (c >= '0' && c <= '9')   ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                     : -1;
    if (d < 0) return fail("invalid hex digit in " + quote(original));
    out = (out << 4) | d;
  }
  return out;
}

Result<U256> parse_decimal(std::string_view digits, const Json& original) {
  static const U256 kMax = ~U256(0);
  if (digits.empty()) return fail("expected a decimal number, got " + quote(original));
  U256 out = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return fail("expected a decimal number, got " + quote(original));
    unsigned d = static_cast<unsigned>(c - '0');
    if (out > (kMax - d) / 10) return fail("number does not fit 256 bits: " + quote(original));
    out = out * 10 + d;
  }
  return out;
}

}  // namespace

Result<U256> as_u256_hex(const Json& value) {
  if (!value.is_string()) return fail("expected a 0x-prefixed hex string, got " + quote(value));
  return parse_u256_hex(value.get_ref<const std::string&>());
}

Result<U256> parse_u256_hex(std::string_view text) {
  Json original = std::string(text);
  if (!text.starts_with("0x")) {
    return fail("expected a 0x-prefixed hex string, got " + quote(original));
  }
  return parse_hex_digits(text.substr(2), original);
}

std::string u256_to_hex(const U256& value) {
  Hash32 be = to_be_bytes(value);
  std::string hex = to_hex(be, false);
  auto first = hex.find_first_not_of('0');
  return "0x" + (first == std::string::npos ? std::string("0") : hex.substr(first));
}

Result<U256> as_u256_string_or_integer(const Json& value) {
  if (value.is_number_integer()) {
    auto integer = as_u64(value);
    if (!integer) return fail(std::move(integer).error());
    return U256(*integer);
  }
  if (!value.is_string()) {
    return fail("expected an unsigned integer or a decimal or 0x-hex string, got " + quote(value));
  }
  std::string_view text = value.get_ref<const std::string&>();
  if (text.starts_with("0x")) return parse_hex_digits(text.substr(2), value);
  return parse_decimal(text, value);
}

Result<Bytes> as_hex_bytes(const Json& value, std::size_t length) {
  if (!value.is_string()) {
    return fail("expected " + std::to_string(length) + " bytes of hex, got " + quote(value));
  }
  auto bytes = parse_hex(value.get_ref<const std::string&>(), HexPrefix::kOptional);
  if (!bytes) return fail(std::move(bytes).error());
  if (bytes->size() != length) {
    return fail("expected " + std::to_string(length) + " bytes of hex, got " + quote(value));
  }
  return bytes;
}

}  // namespace espresso::json_fields
