#include "api/catchup/catchup_module.hpp"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/catchup/catchup_test_support.hpp"
#include "merkle/proof_json.hpp"

namespace espresso {
namespace {

using catchup_test::account;
using catchup_test::FakeSource;

class CatchupModule : public ::testing::Test {
 protected:
  FakeSource source;
  Router router;
  ValidatedState state;

  void SetUp() override {
    state.chain_config.base_fee = 3;
    state.chain_config.max_block_size = 1234;
    state.fee_tree.set(account(1), 1000);
    state.fee_tree.set(account(2), 5);
    for (std::uint8_t i = 0; i < 5; ++i) ASSERT_TRUE(state.block_tree.push(Hash32{i}));
    source.states[5] = DecidedState{5, 9, state};
    DecidedState genesis;
    genesis.state.chain_config = state.chain_config;
    source.states[0] = genesis;
    source.configs[commit(state.chain_config).digest] = state.chain_config;
    ASSERT_TRUE(register_catchup_routes(router, source));
  }

  HttpResponse get(const std::string& path) const {
    return router.handle({HttpMethod::kGet, path, "", ""});
  }
  HttpResponse post(const std::string& path, const std::string& body) const {
    return router.handle({HttpMethod::kPost, path, "", body});
  }
  // A 4xx JSON error whose message mentions `needle`.
  static void expect_error(const HttpResponse& response, int status, const std::string& needle) {
    EXPECT_EQ(response.status, status) << response.body;
    const auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["status"], status);
    EXPECT_NE(body["message"].get<std::string>().find(needle), std::string::npos)
        << body["message"] << " should mention " << needle;
  }
};

TEST_F(CatchupModule, AccountWithMembershipProof) {
  const auto response = get("/v0/catchup/5/9/account/" + account(1).to_hex());
  ASSERT_EQ(response.status, 200) << response.body;
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["balance"], "0x3e8");
  const auto proof = fee_account_proof_from_json(body["proof"]).value();
  EXPECT_EQ(proof.account, account(1));
  EXPECT_EQ(proof.balance, U256(1000));
  EXPECT_TRUE(verify_fee_proof(state.fee_merkle_tree_root(), account(1), U256(1000), proof.proof));
}

TEST_F(CatchupModule, AbsentAccountHasZeroBalanceAndNonMembershipProof) {
  const auto response = get("/catchup/5/9/account/" + account(3).to_hex());
  ASSERT_EQ(response.status, 200) << response.body;
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["balance"], "0x0");
  const auto proof = fee_account_proof_from_json(body["proof"]).value();
  EXPECT_EQ(proof.balance, std::nullopt);
  EXPECT_TRUE(
      verify_fee_proof(state.fee_merkle_tree_root(), account(3), std::nullopt, proof.proof));
  EXPECT_FALSE(verify_fee_proof(state.fee_merkle_tree_root(), account(3), U256(0), proof.proof));
}

TEST_F(CatchupModule, BadAccountParameters) {
  const std::string address = account(1).to_hex();
  expect_error(get("/catchup/x/9/account/" + address), 400, "'height'");
  expect_error(get("/catchup/-1/9/account/" + address), 400, "'height'");
  expect_error(get("/catchup/5/99999999999999999999/account/" + address), 400, "'view'");
  expect_error(get("/catchup/5/9/account/0x1234"), 400, "'address'");
  expect_error(get("/catchup/5/9/account/notanaddress"), 400, "notanaddress");
}

TEST_F(CatchupModule, StatesThisNodeDoesNotHoldAre404) {
  const std::string address = account(1).to_hex();
  expect_error(get("/catchup/6/9/account/" + address), 404, "height 6");
  expect_error(get("/catchup/5/8/account/" + address), 404, "view 9, not 8");
  expect_error(get("/catchup/4/9/blocks"), 404, "height 4");
  expect_error(post("/catchup/7/1/accounts", "[]"), 404, "height 7");
}

TEST_F(CatchupModule, AccountsInBulk) {
  const nlohmann::json request = {account(1).to_hex(), account(3).to_hex()};
  const auto response = post("/v1/catchup/5/9/accounts", request.dump());
  ASSERT_EQ(response.status, 200) << response.body;
  const auto body = nlohmann::json::parse(response.body);
  ASSERT_EQ(body.size(), 2u);
  const auto first = fee_account_proof_from_json(body[0]).value();
  const auto second = fee_account_proof_from_json(body[1]).value();
  EXPECT_TRUE(verify_fee_proof(state.fee_merkle_tree_root(), account(1), U256(1000), first.proof));
  EXPECT_TRUE(
      verify_fee_proof(state.fee_merkle_tree_root(), account(3), std::nullopt, second.proof));
}

TEST_F(CatchupModule, BadAccountsBodies) {
  expect_error(post("/catchup/5/9/accounts", "{not json"), 400, "body");
  expect_error(post("/catchup/5/9/accounts", "{\"a\": 1}"), 400, "JSON array");
  expect_error(post("/catchup/5/9/accounts", "[\"" + account(1).to_hex() + "\", 7]"), 400,
               "body[1]");
  expect_error(post("/catchup/5/9/accounts", "[\"0xzz\"]"), 400, "0xzz");
  nlohmann::json many = nlohmann::json::array();
  for (std::size_t i = 0; i <= kMaxCatchupAccounts; ++i) many.push_back(account(1).to_hex());
  expect_error(post("/catchup/5/9/accounts", many.dump()), 400, "at most 1000");
  expect_error(post("/catchup/z/9/accounts", "[]"), 400, "'height'");
  EXPECT_EQ(get("/catchup/5/9/accounts").status, 405);
}

TEST_F(CatchupModule, BlocksFrontierProvesTheLastLeaf) {
  const auto response = get("/catchup/5/9/blocks");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto proof = block_proof_from_json(nlohmann::json::parse(response.body)).value();
  EXPECT_EQ(proof.index, 4u);
  EXPECT_EQ(proof.leaf, Hash32{4});
  EXPECT_TRUE(
      verify_block_proof(state.block_merkle_tree_root(), proof.index, proof.leaf, proof.proof));
  // At genesis the tree is empty.
  const auto empty = get("/catchup/0/0/blocks");
  ASSERT_EQ(empty.status, 200);
  EXPECT_EQ(empty.body, "null");
  expect_error(get("/catchup/5/nine/blocks"), 400, "'view'");
}

TEST_F(CatchupModule, ChainConfigByCommitment) {
  const std::string commitment = commit(state.chain_config).to_tagged_base64();
  const auto response = get("/catchup/chain-config/" + commitment);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(chain_config_from_json(nlohmann::json::parse(response.body)).value(),
            state.chain_config);

  ChainConfig other = state.chain_config;
  other.base_fee = 4;
  expect_error(get("/catchup/chain-config/" + commit(other).to_tagged_base64()), 404,
               "no chain config");
  expect_error(get("/catchup/chain-config/TX~AAAA"), 400, "'commitment'");
  expect_error(
      get("/catchup/chain-config/" + TaggedBase64{"CHAIN_CONFIG", Bytes(8, 1)}.to_string()), 400,
      "32-byte");
}

}  // namespace
}  // namespace espresso
