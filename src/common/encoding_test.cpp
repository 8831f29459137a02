#include "common/encoding.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "common/hex.hpp"

namespace espresso {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(Encoding, WritesLittleEndian) {
  Writer w;
  w.u8(0x01).u16(0x0203).u32(0x04050607).u64(0x08090a0b0c0d0e0full).boolean(true).boolean(false);
  EXPECT_EQ(to_hex(w.bytes()), "0x010302070605040f0e0d0c0b0a09080100");
}

TEST(Encoding, WritesU256AndPrefixedBytes) {
  Writer w;
  w.u256(U256(0x0102)).prefixed(Bytes{0xaa, 0xbb}).prefixed(std::string_view("hi"));
  Bytes expected(32, 0);
  expected[0] = 0x02;
  expected[1] = 0x01;
  for (auto b :
       {0x02, 0, 0, 0, 0, 0, 0, 0, 0xaa, 0xbb, 0x02, 0, 0, 0, 0, 0, 0, 0, int{'h'}, int{'i'}}) {
    expected.push_back(static_cast<std::uint8_t>(b));
  }
  EXPECT_EQ(w.bytes(), expected);
}

TEST(Encoding, ReadsWhatWasWritten) {
  const U256 big = (U256(1) << 255) + 12345;
  Writer w;
  w.u8(7).u16(65535).u32(1u << 31).u64(~0ull).u256(big).boolean(true).fixed(Bytes{1, 2, 3});
  w.prefixed(Bytes{9, 8}).prefixed(std::string_view("text"));
  const Bytes bytes = std::move(w).take();

  Reader r(bytes);
  EXPECT_EQ(*r.u8(), 7);
  EXPECT_EQ(*r.u16(), 65535);
  EXPECT_EQ(*r.u32(), 1u << 31);
  EXPECT_EQ(*r.u64(), ~0ull);
  EXPECT_EQ(*r.u256(), big);
  EXPECT_TRUE(*r.boolean());
  EXPECT_EQ(*r.array<3>(), (ByteArray<3>{1, 2, 3}));
  EXPECT_EQ(*r.prefixed(), (Bytes{9, 8}));
  EXPECT_EQ(*r.prefixed_string(), "text");
  EXPECT_TRUE(r.expect_end());
}

TEST(Encoding, TruncationIsAnError) {
  const Bytes bytes{1, 2, 3};
  Reader r(bytes);
  auto value = r.u32();
  ASSERT_FALSE(value);
  EXPECT_TRUE(contains(value.error().message, "need 4 bytes at offset 0, only 3 left"));
  EXPECT_EQ(r.position(), 0u);  // a failed read consumes nothing
  EXPECT_EQ(*r.u16(), 0x0201);
  auto rest = r.expect_end();
  ASSERT_FALSE(rest);
  EXPECT_TRUE(contains(rest.error().message, "1 trailing bytes at offset 2"));
}

TEST(Encoding, RejectsBadBoolAndHostileLength) {
  const Bytes two{2};
  auto flag = Reader(two).boolean();
  ASSERT_FALSE(flag);
  EXPECT_TRUE(contains(flag.error().message, "expected 0 or 1"));

  Writer w;
  w.u64(~0ull);  // claims 2^64-1 bytes follow
  Reader r(w.bytes());
  auto bytes = r.prefixed();
  ASSERT_FALSE(bytes);
  EXPECT_TRUE(contains(bytes.error().message, "exceeds the limit"));

  Writer small;
  small.prefixed(Bytes(10, 0));
  EXPECT_FALSE(Reader(small.bytes()).prefixed(9));
  EXPECT_TRUE(Reader(small.bytes()).prefixed(10));

  Writer lying;
  lying.u64(5).fixed(Bytes{1, 2});  // length larger than what is there
  auto short_read = Reader(lying.bytes()).prefixed();
  ASSERT_FALSE(short_read);
  EXPECT_TRUE(contains(short_read.error().message, "truncated"));
}

RC_GTEST_PROP(Encoding, RoundTripsRandomRecords,
              (std::uint64_t a, std::uint32_t b, bool c, const std::vector<std::uint8_t>& d)) {
  Writer w;
  w.u64(a).prefixed(d).u32(b).boolean(c);
  Reader r(w.bytes());
  RC_ASSERT(*r.u64() == a);
  RC_ASSERT(*r.prefixed() == d);
  RC_ASSERT(*r.u32() == b);
  RC_ASSERT(*r.boolean() == c);
  RC_ASSERT(r.expect_end().has_value());
}

RC_GTEST_PROP(Encoding, ReadingRandomBytesNeverCrashes, (const std::vector<std::uint8_t>& bytes)) {
  Reader r(bytes);
  while (true) {
    auto item = r.prefixed(1000);
    if (!item) break;
    RC_ASSERT(item->size() <= 1000u);
  }
  RC_ASSERT(r.position() <= bytes.size());
}

}  // namespace
}  // namespace espresso
