#include "types/header.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crypto/ethereum.hpp"
#include "types/test_vectors.hpp"

namespace espresso {
namespace {

using test::load_vector_json;

TEST(Header, ReferenceV01CommitmentAndJson) {
  auto json = load_vector_json("header.json");
  auto header = header_from_json(json);
  ASSERT_TRUE(header) << header.error().message;
  EXPECT_EQ(header->version, kHeaderV0_1);
  EXPECT_EQ(header->height, 42u);
  EXPECT_EQ(header->block_merkle_tree_root.height, 32u);
  EXPECT_EQ(commit(*header).to_tagged_base64(),
            "BLOCK~dh1KpdvvxSvnnPpOi2yI3DOg8h6ltr2Kv13iRzbQvtN2");
  EXPECT_EQ(to_json(*header), json);
}

TEST(Header, ReferenceBuilderSignatureRecoversToUpstreamTestKey) {
  auto header = header_from_json(load_vector_json("header.json"));
  ASSERT_TRUE(header);
  // The reference signature was made with upstream's `EthKeyPair::for_test()`, whose address
  // types/src/eth_signature_key.rs (test_fmt) records; the file's fee account is another key, so
  // the header-level check fails while the message format is proven by the recovery.
  ASSERT_TRUE(header->builder_signature);
  auto signer = recover_builder_fee_signer(*header->builder_signature, header->fee_info.amount,
                                           header->ns_table);
  ASSERT_TRUE(signer) << signer.error().message;
  EXPECT_EQ(signer->to_hex(), "0xb0cfa4e5893107e2995974ef032957752bb526e9");
  EXPECT_FALSE(verify_builder_fee_signature(*header));
  header->fee_info.account = *signer;
  auto status = verify_builder_fee_signature(*header);
  EXPECT_TRUE(status) << status.error().message;

  Header tampered = *header;
  tampered.fee_info.amount = 1;
  EXPECT_FALSE(verify_builder_fee_signature(tampered));
  tampered = *header;
  tampered.builder_signature.reset();
  EXPECT_FALSE(verify_builder_fee_signature(tampered));
}

TEST(Header, GenesisHeaderFromMessagesParses) {
  auto messages = load_vector_json("messages.json");
  const auto& json =
      messages[0]["kind"]["Consensus"]["General"]["Proposal"]["data"]["block_header"];
  auto header = header_from_json(json);
  ASSERT_TRUE(header) << header.error().message;
  EXPECT_FALSE(header->l1_finalized.has_value());
  EXPECT_FALSE(header->builder_signature.has_value());
  ASSERT_NE(header->chain_config.resolve(), nullptr);
  EXPECT_FALSE(header->chain_config.resolve()->fee_contract.has_value());
  EXPECT_EQ(to_json(*header), json);
}

TEST(Header, V02WrapsTheFieldsAndCommitsToTheVersion) {
  auto v1 = header_from_json(load_vector_json("header.json"));
  ASSERT_TRUE(v1);
  Header v2 = *v1;
  v2.version = kHeaderV0_2;
  auto json = to_json(v2);
  EXPECT_EQ(json["version"]["Version"]["major"], 0);
  EXPECT_EQ(json["version"]["Version"]["minor"], 2);
  EXPECT_EQ(json["fields"], to_json(*v1));
  auto parsed = header_from_json(json);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, v2);

  // impls/header.rs: BLOCK, u64_field version_major, version_minor, field "fields" (v0.1 digest).
  Hash32 expected = CommitmentBuilder("BLOCK")
                        .u64_field("version_major", 0)
                        .u64_field("version_minor", 2)
                        .field("fields", commit(*v1).digest)
                        .finalize();
  EXPECT_EQ(commit(v2).digest, expected);
  EXPECT_NE(commit(v2), commit(*v1));
}

TEST(Header, ChainConfigCommitmentFormCommitsTheSame) {
  auto full = header_from_json(load_vector_json("header.json"));
  ASSERT_TRUE(full);
  Header by_commitment = *full;
  by_commitment.chain_config = ResolvableChainConfig{full->chain_config.commitment()};
  EXPECT_EQ(commit(by_commitment), commit(*full));
  auto json = to_json(by_commitment);
  EXPECT_TRUE(json["chain_config"]["chain_config"]["Right"].get<std::string>().starts_with(
      "CHAIN_CONFIG~"));
  auto parsed = header_from_json(json);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, by_commitment);
}

TEST(Header, RejectsBadInputWithTheFieldName) {
  auto json = load_vector_json("header.json");
  struct Case {
    const char* field;
    nlohmann::json value;
  };
  for (const auto& [field, value] : std::vector<Case>{
           {"height", "42"},
           {"l1_head", -1},
           {"payload_commitment", "HASH~nope"},
           {"builder_commitment", "HASH~u-mEo1mwByROUhnvO7pBFitcD0UEvruK-b8WONkKoCLQ"},
           {"block_merkle_tree_root", "MERKLE_COMM~AAAA"},
           {"ns_table", {{"bytes", "AQAAAA=="}}},
           {"fee_info", {{"account", "0x12"}, {"amount", "0"}}},
           {"builder_signature", {{"r", "12"}, {"s", "0x1"}, {"v", 27}}},
       }) {
    auto bad = json;
    bad[field] = value;
    auto result = header_from_json(bad);
    ASSERT_FALSE(result) << field;
    EXPECT_NE(result.error().message.find(field), std::string::npos) << result.error().message;
  }
  auto missing = json;
  missing.erase("fee_info");
  ASSERT_FALSE(header_from_json(missing));
  EXPECT_NE(header_from_json(missing).error().message.find("fee_info"), std::string::npos);

  nlohmann::json v3 = {{"version", {{"Version", {{"major", 0}, {"minor", 3}}}}}, {"fields", json}};
  ASSERT_FALSE(header_from_json(v3));
  EXPECT_NE(header_from_json(v3).error().message.find("0.3"), std::string::npos)
      << header_from_json(v3).error().message;
  EXPECT_FALSE(header_from_json(nlohmann::json::array()));
}

TEST(Header, SignAndVerifyBuilderFee) {
  auto header = header_from_json(load_vector_json("header.json"));
  ASSERT_TRUE(header);
  EthPrivateKey key = EthPrivateKey::random();
  header->fee_info.account = Address(key.address());
  header->fee_info.amount = 12345;
  auto signature = sign_builder_fee(key, header->fee_info.amount, header->ns_table);
  ASSERT_TRUE(signature);
  header->builder_signature = *signature;
  EXPECT_TRUE(verify_builder_fee_signature(*header));
  header->ns_table = NsTable(Bytes{0, 0, 0, 0});
  EXPECT_FALSE(verify_builder_fee_signature(*header));
  // Fees above u64 cannot be signed.
  U256 huge = U256(1) << 64;
  EXPECT_FALSE(sign_builder_fee(key, huge, header->ns_table));
}

}  // namespace
}  // namespace espresso
