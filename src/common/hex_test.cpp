#include "common/hex.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace espresso {
namespace {

TEST(Hex, EncodesLowercaseWithPrefix) {
  const Bytes bytes{0x00, 0xab, 0xCD, 0xff};
  EXPECT_EQ(to_hex(bytes), "0x00abcdff");
  EXPECT_EQ(to_hex(bytes, false), "00abcdff");
  EXPECT_EQ(to_hex(Bytes{}), "0x");
}

TEST(Hex, ParsesCaseInsensitively) {
  auto parsed = parse_hex("0xABcd01");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, (Bytes{0xab, 0xcd, 0x01}));
  EXPECT_EQ(*parse_hex("0XFF"), Bytes{0xff});
}

TEST(Hex, PrefixRules) {
  EXPECT_FALSE(parse_hex("abcd", HexPrefix::kRequired));
  EXPECT_TRUE(parse_hex("abcd", HexPrefix::kForbidden));
  EXPECT_FALSE(parse_hex("0xabcd", HexPrefix::kForbidden));
}

TEST(Hex, ErrorsQuoteTheInput) {
  auto odd = parse_hex("0xabc");
  ASSERT_FALSE(odd);
  EXPECT_NE(odd.error().message.find("odd number"), std::string::npos);
  EXPECT_NE(odd.error().message.find("\"0xabc\""), std::string::npos);

  auto bad = parse_hex("0x12zz");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("'z' at position 4"), std::string::npos);
}

TEST(Hex, FixedLength) {
  EXPECT_TRUE(parse_hex_fixed<2>("0x1234"));
  auto wrong = parse_hex_fixed<3>("0x1234");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("expected 3 bytes"), std::string::npos);
}

RC_GTEST_PROP(Hex, RoundTrips, (const std::vector<std::uint8_t>& bytes)) {
  RC_ASSERT(*parse_hex(to_hex(bytes)) == bytes);
  RC_ASSERT(*parse_hex(to_hex(bytes, false), HexPrefix::kForbidden) == bytes);
}

}  // namespace
}  // namespace espresso
