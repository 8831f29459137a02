#include "types/chain_config.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace espresso {
namespace {

nlohmann::json base_json() {
  return {{"chain_id", "35353"},
          {"max_block_size", "10240"},
          {"base_fee", "0"},
          {"fee_contract", nullptr},
          {"fee_recipient", "0x0000000000000000000000000000000000000000"}};
}

TEST(ChainConfig, ReadsUpstreamStringOrIntegerForms) {
  auto json = base_json();
  json["chain_id"] = "0x8a19";
  json["max_block_size"] = "30 kb";
  json["base_fee"] = "1 gwei";
  auto config = chain_config_from_json(json);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->chain_id, 35353);
  EXPECT_EQ(config->max_block_size, 30000u);
  EXPECT_EQ(config->base_fee, 1000000000);
  EXPECT_FALSE(config->fee_contract);

  json["chain_id"] = 7;
  json["max_block_size"] = 512;
  json["base_fee"] = 3;
  json.erase("fee_contract");
  config = chain_config_from_json(json);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->chain_id, 7);
  EXPECT_EQ(config->max_block_size, 512u);
  EXPECT_EQ(config->base_fee, 3);
  // Written back in the canonical decimal-string form.
  EXPECT_EQ(to_json(*config)["max_block_size"], "512");
  EXPECT_EQ(to_json(*config)["base_fee"], "3");
}

TEST(ChainConfig, FeeContractPresenceChangesTheCommitment) {
  ChainConfig config;
  auto without = commit(config);
  config.fee_contract = Address();
  EXPECT_NE(commit(config), without);
  EXPECT_EQ(without.tag, "CHAIN_CONFIG");
}

TEST(ChainConfig, ErrorsNameTheField) {
  for (const char* field : {"chain_id", "max_block_size", "base_fee", "fee_recipient"}) {
    auto json = base_json();
    json[field] = "bogus";
    auto config = chain_config_from_json(json);
    ASSERT_FALSE(config) << field;
    EXPECT_NE(config.error().message.find(field), std::string::npos) << config.error().message;
  }
  auto json = base_json();
  json["chain_id"] = -1;
  EXPECT_FALSE(chain_config_from_json(json));
  json = base_json();
  json.erase("fee_recipient");
  EXPECT_FALSE(chain_config_from_json(json));
}

TEST(ResolvableChainConfig, RightFormRoundTrips) {
  ResolvableChainConfig by_commitment{commit(ChainConfig{}).digest};
  auto json = to_json(by_commitment);
  auto parsed = resolvable_chain_config_from_json(json);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, by_commitment);
  EXPECT_EQ(parsed->resolve(), nullptr);
  EXPECT_EQ(parsed->commitment(), commit(ChainConfig{}).digest);
  EXPECT_FALSE(resolvable_chain_config_from_json({{"chain_config", {{"Right", "TX~AAAA"}}}}));
  EXPECT_FALSE(resolvable_chain_config_from_json({{"chain_config", {{"Middle", 1}}}}));
}

}  // namespace
}  // namespace espresso
