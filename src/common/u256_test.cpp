#include "common/u256.hpp"

#include <gtest/gtest.h>

#include "common/hex.hpp"

namespace espresso {
namespace {

TEST(U256, BigAndLittleEndianBytes) {
  const U256 v = 0x0102;
  EXPECT_EQ(to_hex(to_be_bytes(v)),
            "0x0000000000000000000000000000000000000000000000000000000000000102");
  EXPECT_EQ(to_hex(to_le_bytes(v)),
            "0x0201000000000000000000000000000000000000000000000000000000000000");
  EXPECT_EQ(from_be_bytes(to_be_bytes(v)), v);
  EXPECT_EQ(from_le_bytes(to_le_bytes(v)), v);
  const U256 max = ~U256(0);
  EXPECT_EQ(from_be_bytes(to_be_bytes(max)), max);
  EXPECT_EQ(to_decimal(max),
            "115792089237316195423570985008687907853269984665640564039457584007913129639935");
}

}  // namespace
}  // namespace espresso
