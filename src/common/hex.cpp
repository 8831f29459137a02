#include "common/hex.hpp"

namespace espresso {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string quoted(std::string_view text) {
  constexpr std::size_t kMaxShown = 80;
  if (text.size() <= kMaxShown) return "\"" + std::string(text) + "\"";
  return "\"" + std::string(text.substr(0, kMaxShown)) + "...\" (" + std::to_string(text.size()) +
         " characters)";
}

}  // namespace

std::string to_hex(ByteView bytes, bool with_prefix) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2 + 2);
  if (with_prefix) out += "0x";
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xf];
  }
  return out;
}

Result<Bytes> parse_hex(std::string_view text, HexPrefix prefix) {
  std::string_view digits = text;
  const bool has_prefix =
      digits.size() >= 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
  if (has_prefix) digits.remove_prefix(2);
  if (prefix == HexPrefix::kRequired && !has_prefix) {
    return fail("expected 0x-prefixed hex, got " + quoted(text));
  }
  if (prefix == HexPrefix::kForbidden && has_prefix) {
    return fail("expected hex without a 0x prefix, got " + quoted(text));
  }
  if (digits.size() % 2 != 0) {
    return fail("hex has an odd number of digits in " + quoted(text));
  }
  Bytes out(digits.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = hex_digit(digits[2 * i]);
    const int lo = hex_digit(digits[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      const std::size_t bad = (hi < 0 ? 2 * i : 2 * i + 1) + (has_prefix ? 2 : 0);
      return fail("invalid hex digit '" + std::string(1, text[bad]) + "' at position " +
                  std::to_string(bad) + " in " + quoted(text));
    }
    out[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return out;
}

}  // namespace espresso
