#pragma once
// Little-endian unsigned integers inside block payloads and namespace tables. Reads of fewer bytes
// than the width zero-pad, as upstream's `usize_from_bytes` (impls/block/uint_bytes.rs).

#include <cstdint>

#include "common/bytes.hpp"
#include "common/check.hpp"

namespace espresso::le {

inline std::uint32_t read_u32(ByteView bytes) {
  ESEQ_CHECK(bytes.size() <= 4, "at most 4 bytes");
  std::uint32_t out = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) out |= std::uint32_t{bytes[i]} << (8 * i);
  return out;
}

inline void append_u32(Bytes& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

inline void write_u32(std::span<std::uint8_t> out, std::uint32_t value) {
  ESEQ_CHECK(out.size() >= 4, "room for 4 bytes");
  for (std::size_t i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

}  // namespace espresso::le
