#include "merkle/commitment.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace espresso {
namespace {

TEST(MerkleCommitment, LayoutIsDigestHeightLeavesLittleEndian) {
  MerkleCommitment c;
  c.digest[0] = 0xaa;
  c.digest[31] = 0xbb;
  c.height = 32;
  c.num_leaves = 0x0102;
  auto bytes = c.to_bytes();
  EXPECT_EQ(bytes[0], 0xaa);
  EXPECT_EQ(bytes[31], 0xbb);
  EXPECT_EQ(bytes[32], 32);
  EXPECT_EQ(bytes[33], 0);
  EXPECT_EQ(bytes[40], 0x02);
  EXPECT_EQ(bytes[41], 0x01);
  EXPECT_EQ(bytes[47], 0);
}

TEST(MerkleCommitment, RejectsWrongLength) {
  Bytes short_input(47, 0);
  auto parsed = MerkleCommitment::from_bytes(short_input);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("got 47"), std::string::npos);
}

RC_GTEST_PROP(MerkleCommitment, BytesRoundTrip, (std::uint64_t height, std::uint64_t leaves)) {
  MerkleCommitment c;
  c.digest[5] = static_cast<std::uint8_t>(height);
  c.height = height;
  c.num_leaves = leaves;
  auto back = MerkleCommitment::from_bytes(c.to_bytes());
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == c);
}

}  // namespace
}  // namespace espresso
