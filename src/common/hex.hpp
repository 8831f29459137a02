#pragma once
// Hexadecimal text <-> bytes. Output is lowercase; input is case-insensitive.

#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace espresso {

enum class HexPrefix { kRequired, kOptional, kForbidden };

// "0x..." (or without the prefix when with_prefix is false), lowercase.
std::string to_hex(ByteView bytes, bool with_prefix = true);

// Parses hex text; errors quote the input and say what was wrong (prefix, odd length, bad digit).
Result<Bytes> parse_hex(std::string_view text, HexPrefix prefix = HexPrefix::kOptional);

// Parses hex text that must decode to exactly N bytes.
template <std::size_t N>
Result<ByteArray<N>> parse_hex_fixed(std::string_view text,
                                     HexPrefix prefix = HexPrefix::kOptional) {
  auto bytes = parse_hex(text, prefix);
  if (!bytes) return fail(std::move(bytes).error());
  if (bytes->size() != N) {
    return fail("expected " + std::to_string(N) + " bytes of hex, got " +
                std::to_string(bytes->size()) + " in \"" + std::string(text) + "\"");
  }
  ByteArray<N> out{};
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

}  // namespace espresso
