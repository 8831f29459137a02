#pragma once
// Byte containers shared by every layer.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace espresso {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

template <std::size_t N>
using ByteArray = std::array<std::uint8_t, N>;

// A 32-byte digest (Keccak-256, SHA-256, commitments).
using Hash32 = ByteArray<32>;

inline ByteView as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// The same bytes as characters, e.g. for a std::string body (built with one memcpy; a string built
// from a Bytes iterator pair copies byte by byte).
inline std::string_view as_text(ByteView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

inline Bytes to_bytes(ByteView view) {
  return Bytes(view.begin(), view.end());
}

inline void append(Bytes& out, ByteView more) {
  out.insert(out.end(), more.begin(), more.end());
}

inline bool equal_bytes(ByteView a, ByteView b) {
  return std::ranges::equal(a, b);
}

}  // namespace espresso
