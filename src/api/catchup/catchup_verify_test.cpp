#include "api/catchup/catchup_verify.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/catchup/catchup_module.hpp"
#include "api/catchup/catchup_test_support.hpp"

namespace espresso {
namespace {

using catchup_test::account;

// A peer serving a full state at height 6 (view 11), and the header this node trusts for it.
class CatchupVerify : public ::testing::Test {
 protected:
  catchup_test::FakeSource source;
  Router router;
  ValidatedState full;
  Header header;

  void SetUp() override {
    full.chain_config.base_fee = 1;
    full.chain_config.max_block_size = 777;
    for (std::uint8_t i = 1; i <= 6; ++i) full.fee_tree.set(account(i), 100 * i);
    for (std::uint8_t i = 0; i < 6; ++i) ASSERT_TRUE(full.block_tree.push(Hash32{i, 9}));
    source.states[6] = DecidedState{6, 11, full};
    source.configs[commit(full.chain_config).digest] = full.chain_config;
    ASSERT_TRUE(register_catchup_routes(router, source));
    header.height = 6;
    header.chain_config = ResolvableChainConfig{full.chain_config};
    header.block_merkle_tree_root = full.block_merkle_tree_root();
    header.fee_merkle_tree_root = full.fee_merkle_tree_root();
  }

  nlohmann::json get(const std::string& path) const {
    const auto response = router.handle({HttpMethod::kGet, path, "", ""});
    EXPECT_EQ(response.status, 200) << response.body;
    return nlohmann::json::parse(response.body);
  }
  nlohmann::json post(const std::string& path, const nlohmann::json& body) const {
    const auto response = router.handle({HttpMethod::kPost, path, "", body.dump()});
    EXPECT_EQ(response.status, 200) << response.body;
    return nlohmann::json::parse(response.body);
  }
};

TEST_F(CatchupVerify, RebuildsAPartialStateWithTheSameRoots) {
  const std::vector<Address> wanted{account(2), account(5), account(9)};
  nlohmann::json request = nlohmann::json::array();
  for (const auto& a : wanted) request.push_back(a.to_hex());
  auto proofs = verify_accounts_response(post("/catchup/6/11/accounts", request), wanted,
                                         header.fee_merkle_tree_root);
  ASSERT_TRUE(proofs) << proofs.error().message;
  auto frontier =
      verify_blocks_response(get("/catchup/6/11/blocks"), 6, header.block_merkle_tree_root);
  ASSERT_TRUE(frontier) << frontier.error().message;

  auto state = state_from_catchup(header, std::move(*frontier), *proofs);
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(*state, full);  // same roots and chain config
  EXPECT_EQ(state->balance(account(5)), 500);
  EXPECT_EQ(state->balance(account(9)), 0);
  EXPECT_TRUE(state->fee_tree.is_known(account(9)));
  EXPECT_FALSE(state->fee_tree.is_known(account(3)));
  // The rebuilt state keeps working: the next block's roots match the full state's.
  ValidatedState next_full = full;
  ASSERT_TRUE(next_full.block_tree.push(Hash32{42}));
  ASSERT_TRUE(state->block_tree.push(Hash32{42}));
  ASSERT_TRUE(next_full.fee_tree.transfer(account(2), account(5), 50));
  ASSERT_TRUE(state->fee_tree.transfer(account(2), account(5), 50));
  EXPECT_EQ(*state, next_full);
}

TEST_F(CatchupVerify, SingleAccountResponses) {
  const auto present = verify_account_response(get("/catchup/6/11/account/" + account(3).to_hex()),
                                               account(3), header.fee_merkle_tree_root);
  ASSERT_TRUE(present) << present.error().message;
  EXPECT_EQ(present->balance, U256(300));
  const auto absent = verify_account_response(get("/catchup/6/11/account/" + account(8).to_hex()),
                                              account(8), header.fee_merkle_tree_root);
  ASSERT_TRUE(absent) << absent.error().message;
  EXPECT_EQ(absent->balance, std::nullopt);
}

TEST_F(CatchupVerify, RejectsTamperedAccountResponses) {
  const auto root = header.fee_merkle_tree_root;
  nlohmann::json body = get("/catchup/6/11/account/" + account(3).to_hex());
  EXPECT_FALSE(verify_account_response(body, account(4), root)) << "proof about another account";
  nlohmann::json inflated = body;
  inflated["balance"] = "0x9999";
  EXPECT_FALSE(verify_account_response(inflated, account(3), root));
  nlohmann::json forged = body;
  forged["proof"]["balance"] = "0x9999";
  EXPECT_FALSE(verify_account_response(forged, account(3), root));
  EXPECT_FALSE(verify_account_response(body, account(3), header.block_merkle_tree_root))
      << "proof against another root";
  EXPECT_FALSE(verify_account_response(nlohmann::json::array(), account(3), root));
  EXPECT_FALSE(verify_account_response({{"balance", 5}, {"proof", 1}}, account(3), root));

  const std::vector<Address> two{account(1), account(2)};
  const nlohmann::json request = {account(1).to_hex(), account(2).to_hex()};
  nlohmann::json bulk = post("/catchup/6/11/accounts", request);
  EXPECT_FALSE(verify_accounts_response(bulk, std::vector<Address>{account(1)}, root));
  std::swap(bulk[0], bulk[1]);
  EXPECT_FALSE(verify_accounts_response(bulk, two, root)) << "proofs out of order";
}

TEST_F(CatchupVerify, RejectsWrongFrontiers) {
  const nlohmann::json body = get("/catchup/6/11/blocks");
  EXPECT_FALSE(verify_blocks_response(body, 5, header.block_merkle_tree_root)) << "wrong height";
  EXPECT_FALSE(verify_blocks_response(body, 6, header.fee_merkle_tree_root)) << "wrong root";
  EXPECT_FALSE(verify_blocks_response(nullptr, 6, header.block_merkle_tree_root));
  EXPECT_FALSE(verify_blocks_response("junk", 6, header.block_merkle_tree_root));
  // An empty tree at genesis.
  EXPECT_TRUE(verify_blocks_response(nullptr, 0, BlockMerkleFrontier().commitment()));
}

TEST_F(CatchupVerify, ChainConfigMustHashToTheCommitment) {
  const Hash32 commitment = commit(full.chain_config).digest;
  const nlohmann::json body =
      get("/catchup/chain-config/" + commit(full.chain_config).to_tagged_base64());
  EXPECT_EQ(verify_chain_config_response(body, commitment).value(), full.chain_config);
  nlohmann::json altered = body;
  altered["max_block_size"] = 778;
  EXPECT_FALSE(verify_chain_config_response(altered, commitment));

  // A header holding only the commitment needs the fetched config.
  Header by_commitment = header;
  by_commitment.chain_config = ResolvableChainConfig{commitment};
  EXPECT_FALSE(state_from_catchup(by_commitment, full.block_tree, {}));
  auto state = state_from_catchup(by_commitment, full.block_tree, {}, full.chain_config);
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->chain_config, full.chain_config);
}

TEST_F(CatchupVerify, APartialStateServesOnlyTheAccountsItHolds) {
  auto state = state_from_catchup(header, full.block_tree, {});
  ASSERT_TRUE(state);
  catchup_test::FakeSource partial;
  partial.states[6] = DecidedState{6, 11, *state};
  Router partial_router;
  ASSERT_TRUE(register_catchup_routes(partial_router, partial));
  const auto response = partial_router.handle(
      {HttpMethod::kGet, "/catchup/6/11/account/" + account(1).to_hex(), "", ""});
  EXPECT_EQ(response.status, 404);
  EXPECT_NE(response.body.find("does not hold account"), std::string::npos) << response.body;
  const auto bulk = partial_router.handle(
      {HttpMethod::kPost, "/catchup/6/11/accounts", "", "[\"" + account(1).to_hex() + "\"]"});
  EXPECT_EQ(bulk.status, 404);
}

}  // namespace
}  // namespace espresso
