#include "merkle/commitment.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "common/tagged_base64.hpp"

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

// tests/vectors/espresso-v1/header.json: the genesis header's two roots.
TEST(MerkleCommitment, ParsesAndPrintsUpstreamHeaderRoots) {
  const std::string block_root =
      "MERKLE_COMM~AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAQA";
  const std::string fee_root =
      "MERKLE_COMM~AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAUAAAAAAAAAAAAAAAAAAAAKA";
  auto block = MerkleCommitment::from_tagged_base64(block_root);
  ASSERT_TRUE(block) << block.error().message;
  EXPECT_EQ(*block, (MerkleCommitment{Hash32{}, 32, 0}));
  EXPECT_EQ(block->to_tagged_base64(), block_root);
  auto fee = MerkleCommitment::from_tagged_base64(fee_root);
  ASSERT_TRUE(fee) << fee.error().message;
  EXPECT_EQ(*fee, (MerkleCommitment{Hash32{}, 20, 0}));
  EXPECT_EQ(fee->to_tagged_base64(), fee_root);
}

TEST(MerkleCommitment, TaggedBase64ErrorsNameTheProblem) {
  EXPECT_FALSE(MerkleCommitment::from_tagged_base64("TX~AAAA"));
  const std::string short_value = TaggedBase64{"MERKLE_COMM", Bytes(10, 0)}.to_string();
  auto parsed = MerkleCommitment::from_tagged_base64(short_value);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("got 10"), std::string::npos);
  EXPECT_NE(parsed.error().message.find(short_value), std::string::npos);
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
