#include "common/u256.hpp"

#include <algorithm>

#include "common/check.hpp"

namespace espresso {

Hash32 to_be_bytes(const U256& value) {
  Hash32 out{};
  U256 v = value;
  for (int i = 31; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v & 0xff);
    v >>= 8;
  }
  return out;
}

U256 from_be_bytes(ByteView bytes) {
  ESEQ_CHECK(bytes.size() <= 32, "U256 takes at most 32 bytes");
  U256 v = 0;
  for (std::uint8_t b : bytes) v = (v << 8) | b;
  return v;
}

Hash32 to_le_bytes(const U256& value) {
  Hash32 out = to_be_bytes(value);
  std::reverse(out.begin(), out.end());
  return out;
}

U256 from_le_bytes(ByteView bytes) {
  ESEQ_CHECK(bytes.size() <= 32, "U256 takes at most 32 bytes");
  Bytes be(bytes.rbegin(), bytes.rend());
  return from_be_bytes(be);
}

std::string to_decimal(const U256& value) {
  return value.str();
}

}  // namespace espresso
