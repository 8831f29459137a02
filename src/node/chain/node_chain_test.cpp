#include "node/chain/node_chain.hpp"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/catchup/catchup_module.hpp"
#include "merkle/proof_json.hpp"
#include "node/chain/chain_test_support.hpp"

namespace espresso {
namespace {

using chain_test::kGenesisTime;
using chain_test::kVersion;

DecidedState state_at(std::uint64_t height) {
  DecidedState decided;
  decided.height = height;
  decided.view = height * 2;
  decided.state.chain_config.max_block_size = 1000 + height;
  return decided;
}

TEST(ChainState, KeepsABoundedHistory) {
  ChainState chain(3);
  EXPECT_EQ(chain.latest(), std::nullopt);
  for (std::uint64_t height = 0; height < 5; ++height) chain.record(state_at(height));
  EXPECT_EQ(chain.oldest_height(), 2u);
  EXPECT_EQ(chain.decided_state(1), std::nullopt);
  ASSERT_TRUE(chain.decided_state(3));
  EXPECT_EQ(chain.decided_state(3)->view, 6u);
  EXPECT_EQ(chain.latest()->height, 4u);
  EXPECT_EQ(chain.decided_state(5), std::nullopt);
}

TEST(ChainState, KnowsEveryChainConfigItSaw) {
  ChainState chain(1);
  chain.record(state_at(0));
  chain.record(state_at(1));  // drops height 0, not its config
  const ChainConfig first = state_at(0).state.chain_config;
  EXPECT_EQ(chain.chain_config(commit(first).digest), first);
  ChainConfig upgrade = first;
  upgrade.base_fee = 77;
  EXPECT_EQ(chain.chain_config(commit(upgrade).digest), std::nullopt);
  chain.add_chain_config(upgrade);
  EXPECT_EQ(chain.chain_config(commit(upgrade).digest), upgrade);
}

TEST(ChainState, ServesValidatedUndecidedStatesUntilTheirHeightIsDecided) {
  ChainState chain(10);
  chain.record(state_at(1));
  DecidedState fork = state_at(2);
  fork.view = 5;
  chain.record_validated(state_at(2));  // view 4
  chain.record_validated(fork);
  chain.record_validated(state_at(3));  // view 6
  chain.record_validated(state_at(1));  // already decided: ignored
  EXPECT_EQ(chain.state_at(1, 2)->height, 1u);
  EXPECT_EQ(chain.state_at(2, 4)->view, 4u);
  EXPECT_EQ(chain.state_at(2, 5)->view, 5u);
  EXPECT_EQ(chain.state_at(2, 6), std::nullopt);
  EXPECT_EQ(chain.decided_state(2), std::nullopt) << "validated is not decided";

  chain.record(state_at(2));  // view 4 wins
  EXPECT_EQ(chain.state_at(2, 4)->view, 4u);
  EXPECT_EQ(chain.state_at(2, 5), std::nullopt) << "the abandoned fork is dropped";
  EXPECT_EQ(chain.state_at(3, 6)->height, 3u) << "above the decided height it stays";
}

TEST(ChainState, ReadersRunConcurrentlyWithTheWriter) {
  ChainState chain(50);
  std::atomic<bool> done = false;
  std::atomic<std::uint64_t> mismatches = 0;
  std::thread reader([&] {
    while (!done) {
      if (auto latest = chain.latest()) {
        if (latest->view != latest->height * 2 ||
            latest->state.chain_config.max_block_size != 1000 + latest->height) {
          ++mismatches;
        }
      }
    }
  });
  for (std::uint64_t height = 0; height < 2000; ++height) chain.record(state_at(height));
  done = true;
  reader.join();
  EXPECT_EQ(mismatches, 0u);
  EXPECT_EQ(chain.latest()->height, 1999u);
}

// A node's chain adapter deciding blocks it built, served by the catchup module.
class NodeChainCatchup : public ::testing::Test {
 protected:
  EthPrivateKey key = chain_test::test_key(1);
  Genesis genesis = chain_test::test_genesis_file(key.address());
  std::uint64_t now = kGenesisTime + 5;
  NodeChain chain{chain_test::test_genesis_block(genesis), key, [this] { return now; }};
  Router router;
  std::vector<consensus::Leaf> decided;

  void SetUp() override {
    ASSERT_TRUE(register_catchup_routes(router, chain.chain_state()));
    consensus::Leaf parent = consensus::genesis_leaf();
    for (consensus::ViewNumber view = 1; view <= 3; ++view) {
      ++now;
      auto proposal =
          chain_test::propose(chain.builder(), parent, view, {Transaction{1, Bytes(100, 1)}});
      ASSERT_TRUE(
          chain.validator().validate(parent, proposal.leaf, kVersion, proposal.payload.size()));
      ASSERT_TRUE(chain.on_decided(proposal.leaf));
      decided.push_back(proposal.leaf);
      parent = proposal.leaf;
    }
  }

  nlohmann::json get_ok(const std::string& path) const {
    const auto response = router.handle({HttpMethod::kGet, path, "", ""});
    EXPECT_EQ(response.status, 200) << path << ": " << response.body;
    return nlohmann::json::parse(response.body);
  }
};

TEST_F(NodeChainCatchup, DecidesPruneAndRecord) {
  EXPECT_EQ(chain.leaf_states().size(), 1u);
  EXPECT_EQ(chain.chain_state().latest()->height, 3u);
  EXPECT_EQ(chain.chain_state().oldest_height(), 0u);  // genesis is recorded too
}

TEST_F(NodeChainCatchup, AccountProofMatchesTheDecidedHeader) {
  const Header header = decode_leaf_header(decided[1]).value();
  const auto body = get_ok("/v0/catchup/2/2/account/" + key.address().to_hex());
  const auto proof = fee_account_proof_from_json(body["proof"]).value();
  ASSERT_TRUE(proof.balance);
  EXPECT_LT(*proof.balance, U256(1'000'000'000));  // the builder paid fees
  EXPECT_EQ(body["balance"], u256_to_json_hex(*proof.balance));
  EXPECT_TRUE(
      verify_fee_proof(header.fee_merkle_tree_root, key.address(), proof.balance, proof.proof));
}

TEST_F(NodeChainCatchup, BlocksFrontierMatchesTheDecidedHeader) {
  const Header header = decode_leaf_header(decided[2]).value();
  const auto proof = block_proof_from_json(get_ok("/catchup/3/3/blocks")).value();
  EXPECT_EQ(proof.index, 2u);  // the tree after block 3 holds headers 0..2
  EXPECT_EQ(proof.leaf, commit(decode_leaf_header(decided[1]).value()).digest);
  EXPECT_TRUE(
      verify_block_proof(header.block_merkle_tree_root, proof.index, proof.leaf, proof.proof));
}

TEST_F(NodeChainCatchup, ValidatedUndecidedStatesAreServed) {
  ++now;
  auto proposal =
      chain_test::propose(chain.builder(), decided.back(), 7, {Transaction{2, Bytes(10, 2)}});
  ASSERT_TRUE(
      chain.validator().validate(decided.back(), proposal.leaf, kVersion, proposal.payload.size()));
  const Header header = decode_leaf_header(proposal.leaf).value();
  const auto body = get_ok("/catchup/4/7/account/" + key.address().to_hex());
  const auto proof = fee_account_proof_from_json(body["proof"]).value();
  EXPECT_TRUE(
      verify_fee_proof(header.fee_merkle_tree_root, key.address(), proof.balance, proof.proof));
  EXPECT_EQ(router.handle({HttpMethod::kGet, "/catchup/4/8/blocks", "", ""}).status, 404);
}

TEST_F(NodeChainCatchup, GenesisChainConfigIsServed) {
  const auto body =
      get_ok("/catchup/chain-config/" + commit(genesis.chain_config).to_tagged_base64());
  EXPECT_EQ(chain_config_from_json(body).value(), genesis.chain_config);
}

}  // namespace
}  // namespace espresso
