#include "merkle/proof_json.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "merkle/block_tree.hpp"
#include "merkle/fee_tree.hpp"

namespace espresso {
namespace {

Address test_address(std::uint8_t tail) {
  ByteArray<20> bytes{};
  bytes[19] = tail;
  bytes[0] = 0xab;
  return Address(bytes);
}

TEST(ProofJson, FeeAccountProofRoundTripsAndStillVerifies) {
  FeeMerkleTree tree;
  tree.set(test_address(1), 1234567);
  for (auto account : {test_address(1), test_address(2)}) {
    const auto found = tree.lookup(account);
    const FeeAccountProof proof{account, found.balance, found.proof};
    const auto json = nlohmann::json::parse(to_json(proof).dump());
    auto back = fee_account_proof_from_json(json);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, proof);
    EXPECT_TRUE(verify_fee_proof(tree.commitment(), back->account, back->balance, back->proof));
  }
  EXPECT_EQ(to_json(FeeAccountProof{test_address(1), U256(255), {}})["balance"], "0xff");
}

TEST(ProofJson, BlockProofRoundTrips) {
  BlockMerkleTree tree;
  for (std::uint8_t i = 0; i < 4; ++i) ASSERT_TRUE(tree.push(Hash32{i}));
  const BlockProof proof{2, Hash32{2}, *tree.prove(2)};
  const auto json = to_json(proof);
  EXPECT_EQ(json["leaf"].get<std::string>().rfind("BLOCK~", 0), 0u);
  auto back = block_proof_from_json(json);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, proof);
  EXPECT_TRUE(verify_block_proof(tree.commitment(), back->index, back->leaf, back->proof));
  auto root = merkle_commitment_from_json(to_json(tree.commitment()));
  ASSERT_TRUE(root);
  EXPECT_EQ(*root, tree.commitment());
}

TEST(ProofJson, BadInputGetsClearErrors) {
  auto r = fee_account_proof_from_json(nlohmann::json::parse(R"({"account": "0x12"})"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("fee account proof"), std::string::npos);
  r = fee_account_proof_from_json(nlohmann::json::parse(
      R"({"account": "0x00000000000000000000000000000000000000aa", "balance": "12x",
          "proof": "MERKLE_PROOF~AAAAAAAAAAAA"})"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("\"12x\""), std::string::npos);
  auto b = block_proof_from_json(nlohmann::json::parse(R"({"index": -1})"));
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("index"), std::string::npos);
  EXPECT_FALSE(block_proof_from_json(nlohmann::json::array()));
  EXPECT_FALSE(merkle_commitment_from_json(nlohmann::json(5)));
}

TEST(ProofJson, U256Text) {
  EXPECT_EQ(u256_to_json_hex(0), "0x0");
  EXPECT_EQ(*u256_from_json_text("0xFF"), U256(255));
  EXPECT_EQ(*u256_from_json_text("1000"), U256(1000));
  EXPECT_FALSE(u256_from_json_text("0x"));
  EXPECT_FALSE(u256_from_json_text("0x1" + std::string(64, '0')));  // 2^256
  EXPECT_TRUE(u256_from_json_text("0x" + std::string(64, 'f')));
}

RC_GTEST_PROP(ProofJson, U256HexRoundTrip, (std::uint64_t a, std::uint64_t b)) {
  const U256 value = (U256(a) << 192) | (U256(b) << 7);
  RC_ASSERT(*u256_from_json_text(u256_to_json_hex(value)) == value);
}

}  // namespace
}  // namespace espresso
