#include "merkle/proof.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace espresso {
namespace {

MerkleProof sample_proof() {
  MerkleProof proof;
  proof.levels = {{Hash32{1}, Hash32{2}}, {}, {Hash32{3}, Hash32{4}}};
  return proof;
}

TEST(MerkleProof, BinaryFormIsUpstreamCanonicalSerialization) {
  // Vec<Vec<[u8; 32]>>: u64 LE outer length, then u64 LE inner length + digests.
  const Bytes bytes = sample_proof().to_bytes();
  ASSERT_EQ(bytes.size(), 8u + 3 * 8 + 4 * 32);
  EXPECT_EQ(bytes[0], 3);
  EXPECT_EQ(bytes[8], 2);
  EXPECT_EQ(bytes[16], 1);       // first digest's first byte
  EXPECT_EQ(bytes[16 + 64], 0);  // the empty level's length
}

TEST(MerkleProof, DecoderRejectsBadInputWithReasons) {
  Bytes bytes = sample_proof().to_bytes();
  Bytes truncated(bytes.begin(), bytes.end() - 1);
  auto r = MerkleProof::from_bytes(truncated);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("truncated"), std::string::npos);
  Bytes trailing = bytes;
  trailing.push_back(0);
  r = MerkleProof::from_bytes(trailing);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("trailing"), std::string::npos);
  Bytes huge(8, 0xff);
  r = MerkleProof::from_bytes(huge);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("levels"), std::string::npos);
}

TEST(MerkleProof, TaggedBase64RoundTrip) {
  const auto text = sample_proof().to_tagged_base64();
  EXPECT_EQ(text.rfind("MERKLE_PROOF~", 0), 0u);
  auto back = MerkleProof::from_tagged_base64(text);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, sample_proof());
  EXPECT_FALSE(MerkleProof::from_tagged_base64("MERKLE_COMM~AAAA"));
}

TEST(MerkleProof, EmptyLevelsOnlyBelowAnEmptySubtree) {
  const std::uint32_t path[] = {0, 1, 2};
  MerkleProof proof;
  proof.levels = {{}, {}, {Hash32{1}, Hash32{2}}};
  EXPECT_TRUE(merkle_root_from_proof(std::nullopt, path, 3, proof));
  EXPECT_FALSE(merkle_root_from_proof(Hash32{}, path, 3, proof));  // membership needs full levels
  proof.levels = {{Hash32{1}, Hash32{2}}, {}, {Hash32{1}, Hash32{2}}};
  EXPECT_FALSE(merkle_root_from_proof(std::nullopt, path, 3, proof));
  const std::uint32_t bad_path[] = {0, 3, 0};
  proof.levels = {{Hash32{}, Hash32{}}, {Hash32{}, Hash32{}}, {Hash32{}, Hash32{}}};
  EXPECT_FALSE(merkle_root_from_proof(Hash32{}, bad_path, 3, proof));
}

RC_GTEST_PROP(MerkleProof, BinaryRoundTrip, ()) {
  MerkleProof proof;
  const auto shape =
      *rc::gen::container<std::vector<std::uint8_t>>(rc::gen::inRange<std::uint8_t>(0, 5));
  RC_PRE(shape.size() <= 64);
  std::uint8_t next = 0;
  for (auto count : shape) {
    proof.levels.emplace_back();
    for (std::uint8_t i = 0; i < count; ++i) proof.levels.back().push_back(Hash32{next++});
  }
  auto back = MerkleProof::from_bytes(proof.to_bytes());
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == proof);
}

RC_GTEST_PROP(MerkleProof, DecoderNeverCrashesOnRandomBytes,
              (const std::vector<std::uint8_t>& bytes)) {
  auto parsed = MerkleProof::from_bytes(bytes);
  if (parsed) RC_ASSERT(parsed->to_bytes() == bytes);
}

}  // namespace
}  // namespace espresso
