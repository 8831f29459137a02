#include "merkle/fee_tree.hpp"

#include <algorithm>
#include <map>
#include <random>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "merkle/digest.hpp"

namespace espresso {
namespace {

Address address_from(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  ByteArray<20> bytes{};
  for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
  return Address(bytes);
}

Address address_with(std::uint8_t first, std::uint8_t last) {
  ByteArray<20> bytes{};
  bytes[0] = first;
  bytes[19] = last;
  return Address(bytes);
}

TEST(FeeMerkleTree, EmptyRootMatchesUpstreamHeader) {
  // tests/vectors/espresso-v1/header.json: fee_merkle_tree_root is 32 zero bytes, height 20, 0
  // leaves.
  EXPECT_EQ(FeeMerkleTree().commitment(), (MerkleCommitment{Hash32{}, 20, 0}));
}

TEST(FeeMerkleTree, OneAccountRootFollowsTheUpstreamRule) {
  // Leaf = SHA3-256(balance as 32 LE bytes); address byte 0 picks the child at the leaf level,
  // byte 19 the child of the root; empty siblings are zero.
  const Address account = address_with(3, 200);
  FeeMerkleTree tree;
  tree.set(account, 1000);
  Hash32 value = sha3_256(to_le_bytes(U256(1000)));
  for (std::size_t level = 0; level < 20; ++level) {
    std::vector<Hash32> children(256);
    children[account.bytes()[level]] = value;
    value = merkle_node_digest(children);
  }
  EXPECT_EQ(tree.commitment().digest, value);
  EXPECT_EQ(tree.commitment().num_leaves, 1u);
}

// A header of Espresso's staging testnet (chain_id 888888888, height 69781, base_fee 0,
// fee_recipient 0x0), quoted in a header serialization test of an Espresso integration crate: its
// fee_merkle_tree_root is the tree left by zero fees, i.e. the single leaf {0x0: 0} (upstream's
// charge_fee removes a payer left at zero and inserts the recipient even for a zero amount).
TEST(FeeMerkleTree, MatchesUpstreamStagingTestnetRoot) {
  const std::string expected =
      "MERKLE_COMM~yB4_Aqa35_PoskgTpcCR1oVLh6BUdLHIs7erHKWi-usUAAAAAAAAAAEAAAAAAAAAJg";
  FeeMerkleTree tree;
  const auto builder = Address::parse("0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f");
  ASSERT_TRUE(builder);
  ASSERT_TRUE(tree.transfer(*builder, Address(), 0));
  EXPECT_EQ(tree.commitment().to_tagged_base64(), expected);
  FeeMerkleTree direct;
  direct.set(Address(), 0);
  EXPECT_EQ(direct.commitment().to_tagged_base64(), expected);
}

TEST(FeeMerkleTree, GetSetEraseAndCount) {
  FeeMerkleTree tree;
  const Address a = address_from(1);
  const Address b = address_from(2);
  EXPECT_EQ(tree.get(a), std::nullopt);
  tree.set(a, 5);
  tree.set(b, 7);
  tree.set(a, 6);
  EXPECT_EQ(tree.get(a), U256(6));
  EXPECT_EQ(tree.get(b), U256(7));
  EXPECT_EQ(tree.num_leaves(), 2u);
  tree.erase(a);
  tree.erase(a);
  EXPECT_EQ(tree.get(a), std::nullopt);
  EXPECT_EQ(tree.num_leaves(), 1u);
  // Removing the last account returns the tree to the empty root (branches collapse).
  tree.erase(b);
  EXPECT_EQ(tree.commitment(), FeeMerkleTree().commitment());
}

TEST(FeeMerkleTree, CopiesAreIndependentSnapshots) {
  FeeMerkleTree tree;
  tree.set(address_from(1), 10);
  const FeeMerkleTree snapshot = tree;
  const auto before = snapshot.commitment();
  tree.set(address_from(1), 11);
  tree.set(address_from(2), 12);
  EXPECT_EQ(snapshot.commitment(), before);
  EXPECT_EQ(snapshot.get(address_from(1)), U256(10));
  EXPECT_NE(tree.commitment(), before);
}

TEST(FeeMerkleTree, MembershipAndNonMembershipProofs) {
  FeeMerkleTree tree;
  std::vector<Address> accounts;
  for (std::uint64_t i = 0; i < 30; ++i) {
    accounts.push_back(address_from(i));
    tree.set(accounts.back(), U256(i) * 1000 + 1);
  }
  // Share the path's upper levels with an existing account, to get an empty subtree low down.
  const Address neighbour = [&] {
    auto bytes = accounts[0].bytes();
    bytes[0] ^= 0xff;
    return Address(bytes);
  }();
  const auto root = tree.commitment();
  for (std::uint64_t i = 0; i < accounts.size(); ++i) {
    const auto found = tree.lookup(accounts[i]);
    ASSERT_EQ(found.balance, U256(i) * 1000 + 1);
    EXPECT_TRUE(verify_fee_proof(root, accounts[i], found.balance, found.proof));
    EXPECT_FALSE(verify_fee_proof(root, accounts[i], *found.balance + 1, found.proof));
    EXPECT_FALSE(verify_fee_proof(root, accounts[i], std::nullopt, found.proof));
    EXPECT_FALSE(verify_fee_proof(root, accounts[(i + 1) % 30], found.balance, found.proof));
    auto tampered = found.proof;
    tampered.levels[i % 20][i % 255][0] ^= 1;
    EXPECT_FALSE(verify_fee_proof(root, accounts[i], found.balance, tampered));
  }
  for (const Address& absent : {address_from(1000), neighbour, Address()}) {
    const auto missing = tree.lookup(absent);
    ASSERT_EQ(missing.balance, std::nullopt);
    EXPECT_TRUE(verify_fee_proof(root, absent, std::nullopt, missing.proof));
    EXPECT_FALSE(verify_fee_proof(root, absent, U256(0), missing.proof));
  }
  // The neighbour's proof runs through a real branch until level 0, where its slot is empty.
  const auto near = tree.lookup(neighbour);
  EXPECT_EQ(near.proof.levels[0].size(), 255u);
  // A non-membership proof of an account that is present must fail.
  const auto absent_proof = tree.lookup(address_from(1000)).proof;
  EXPECT_FALSE(verify_fee_proof(root, accounts[0], std::nullopt, absent_proof));
  // Wrong root.
  auto other_root = root;
  other_root.digest[0] ^= 1;
  EXPECT_FALSE(verify_fee_proof(other_root, neighbour, std::nullopt, near.proof));
}

TEST(FeeMerkleTree, EmptyTreeNonMembershipProofHasOnlyEmptyLevels) {
  FeeMerkleTree tree;
  const auto missing = tree.lookup(address_from(5));
  ASSERT_EQ(missing.proof.levels.size(), 20u);
  for (const auto& level : missing.proof.levels) EXPECT_TRUE(level.empty());
  EXPECT_TRUE(verify_fee_proof(tree.commitment(), address_from(5), std::nullopt, missing.proof));
}

TEST(FeeMerkleTree, TransferMovesBalance) {
  FeeMerkleTree tree;
  const Address builder = address_from(1);
  const Address recipient = address_from(2);
  tree.set(builder, 100);
  ASSERT_TRUE(tree.transfer(builder, recipient, 30));
  EXPECT_EQ(tree.get(builder), U256(70));
  EXPECT_EQ(tree.get(recipient), U256(30));
  ASSERT_TRUE(tree.transfer(builder, recipient, 70));
  EXPECT_EQ(tree.get(builder), std::nullopt);  // drained payers leave the tree, as upstream
  EXPECT_EQ(tree.get(recipient), U256(100));
  EXPECT_EQ(tree.num_leaves(), 1u);
}

TEST(FeeMerkleTree, TransferWithInsufficientBalanceChangesNothing) {
  FeeMerkleTree tree;
  const Address builder = address_from(1);
  const Address recipient = address_from(2);
  tree.set(builder, 10);
  const auto before = tree.commitment();
  auto result = tree.transfer(builder, recipient, 11);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("insufficient fee balance"), std::string::npos);
  EXPECT_NE(result.error().message.find("holds 10 wei"), std::string::npos);
  EXPECT_EQ(tree.commitment(), before);
  EXPECT_FALSE(tree.transfer(address_from(9), recipient, 1));  // absent payer holds nothing
}

TEST(FeeMerkleTree, TransferToSelfKeepsBalanceAndCreditOverflowFails) {
  FeeMerkleTree tree;
  const Address a = address_from(1);
  tree.set(a, 10);
  ASSERT_TRUE(tree.transfer(a, a, 10));
  EXPECT_EQ(tree.get(a), U256(10));
  tree.set(a, std::numeric_limits<U256>::max());
  EXPECT_FALSE(tree.credit(a, 1));
  ASSERT_TRUE(tree.credit(address_from(3), 5));
  ASSERT_TRUE(tree.credit(address_from(3), 5));
  EXPECT_EQ(tree.get(address_from(3)), U256(10));
}

TEST(FeeMerkleTree, PartialTreeRemembersAccountsFromProofs) {
  FeeMerkleTree full;
  for (std::uint64_t i = 0; i < 20; ++i) full.set(address_from(i), U256(i + 1) * 7);
  auto partial = FeeMerkleTree::from_commitment(full.commitment());
  ASSERT_TRUE(partial) << partial.error().message;
  EXPECT_EQ(partial->commitment(), full.commitment());
  const Address payer = address_from(3);
  const Address recipient = address_from(500);  // absent: remembered by a non-membership proof
  EXPECT_FALSE(partial->is_known(payer));
  EXPECT_FALSE(partial->transfer(payer, recipient, 1));

  // A proof with a wrong balance is refused and changes nothing.
  const auto payer_proof = full.lookup(payer);
  EXPECT_FALSE(partial->remember(payer, U256(999), payer_proof.proof));
  EXPECT_FALSE(partial->is_known(payer));

  ASSERT_TRUE(partial->remember(payer, payer_proof.balance, payer_proof.proof));
  const auto recipient_proof = full.lookup(recipient);
  ASSERT_TRUE(partial->remember(recipient, std::nullopt, recipient_proof.proof));
  EXPECT_TRUE(partial->is_known(payer));
  EXPECT_TRUE(partial->is_known(recipient));
  EXPECT_FALSE(partial->is_known(address_from(4)));
  EXPECT_EQ(partial->commitment(), full.commitment());
  EXPECT_EQ(partial->get(payer), U256(28));

  // The partial tree applies the same transfer to the same root as the full one.
  ASSERT_TRUE(full.transfer(payer, recipient, 5));
  ASSERT_TRUE(partial->transfer(payer, recipient, 5));
  EXPECT_EQ(partial->commitment(), full.commitment());
  // Proofs from the partial tree verify against the shared root.
  const auto again = partial->lookup(recipient);
  EXPECT_TRUE(verify_fee_proof(full.commitment(), recipient, U256(5), again.proof));
  EXPECT_EQ(partial->entries().size(), 2u);
}

TEST(FeeMerkleTree, FromCommitmentChecksTheRoot) {
  EXPECT_FALSE(FeeMerkleTree::from_commitment(MerkleCommitment{Hash32{}, 32, 0}));
  EXPECT_FALSE(FeeMerkleTree::from_commitment(MerkleCommitment{Hash32{}, 20, 3}));
  auto empty = FeeMerkleTree::from_commitment(MerkleCommitment{Hash32{}, 20, 0});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->is_known(address_from(1)));
}

// Random operations against a std::map model: balances agree, the root depends only on the
// contents (not on the order of operations), and every proof verifies.
RC_GTEST_PROP(FeeMerkleTree, MatchesMapModelAndProofsVerify, ()) {
  const auto ops =
      *rc::gen::container<std::vector<std::tuple<std::uint8_t, std::uint8_t, std::uint32_t>>>(
          rc::gen::tuple(rc::gen::inRange<std::uint8_t>(0, 12),
                         rc::gen::inRange<std::uint8_t>(0, 3),
                         rc::gen::arbitrary<std::uint32_t>()));
  FeeMerkleTree tree;
  std::map<Address, U256> model;
  for (const auto& [who, kind, amount] : ops) {
    // A few addresses that share bytes, so subtrees are shared and collapse.
    const Address account = address_with(who % 4, who / 4);
    if (kind == 0) {
      tree.set(account, amount);
      model[account] = amount;
    } else if (kind == 1) {
      tree.erase(account);
      model.erase(account);
    } else {
      const Address to = address_with(0, 9);
      const U256 have = model.count(account) ? model[account] : U256(0);
      const bool ok = tree.transfer(account, to, amount).has_value();
      RC_ASSERT(ok == (have >= amount));
      if (ok) {
        const U256 left = have - amount;
        if (left == 0)
          model.erase(account);
        else
          model[account] = left;
        model[to] = (model.count(to) ? model[to] : U256(0)) + amount;
      }
    }
  }
  FeeMerkleTree rebuilt;
  for (const auto& [account, balance] : model) rebuilt.set(account, balance);
  auto entries = tree.entries();
  std::sort(entries.begin(), entries.end());
  const std::vector<std::pair<Address, U256>> expected(model.begin(), model.end());
  RC_ASSERT(entries == expected);
  RC_ASSERT(tree.commitment() == rebuilt.commitment());
  RC_ASSERT(tree.num_leaves() == model.size());
  const auto root = tree.commitment();
  for (std::uint8_t who = 0; who < 12; ++who) {
    const Address account = address_with(who % 4, who / 4);
    const auto found = tree.lookup(account);
    const auto it = model.find(account);
    RC_ASSERT(found.balance ==
              (it == model.end() ? std::nullopt : std::optional<U256>(it->second)));
    RC_ASSERT(verify_fee_proof(root, account, found.balance, found.proof).has_value());
  }
}

// A partial tree that remembered the accounts a block touches computes the same root as the full
// tree after the block's transfers.
RC_GTEST_PROP(FeeMerkleTree, PartialTreeFollowsFullTree, ()) {
  const auto count = *rc::gen::inRange<std::uint64_t>(1, 30);
  FeeMerkleTree full;
  for (std::uint64_t i = 0; i < count; ++i) full.set(address_from(i), U256(i) * 3 + 1);
  auto partial = *FeeMerkleTree::from_commitment(full.commitment());
  const auto transfers =
      *rc::gen::container<std::vector<std::tuple<std::uint8_t, std::uint8_t, std::uint8_t>>>(
          rc::gen::tuple(rc::gen::inRange<std::uint8_t>(0, 40),
                         rc::gen::inRange<std::uint8_t>(0, 40),
                         rc::gen::inRange<std::uint8_t>(0, 100)));
  for (const auto& [from, to, amount] : transfers) {
    for (const Address& account : {address_from(from), address_from(to)}) {
      if (!partial.is_known(account)) {
        const auto found = full.lookup(account);
        RC_ASSERT(partial.remember(account, found.balance, found.proof).has_value());
      }
    }
    const bool ok_full = full.transfer(address_from(from), address_from(to), amount).has_value();
    const bool ok_partial =
        partial.transfer(address_from(from), address_from(to), amount).has_value();
    RC_ASSERT(ok_full == ok_partial);
    RC_ASSERT(full.commitment() == partial.commitment());
  }
}

}  // namespace
}  // namespace espresso
