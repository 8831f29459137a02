#pragma once
// The state every replica derives from the decided chain and checks each proposal against
// (upstream `ValidatedState`, espresso-sequencer types/src/v0/impls/state.rs): the block Merkle
// tree over header commitments (frontier only: enough to append and to prove the last block), the
// fee Merkle tree of builder balances, and the chain config proposals must carry.
//
// A value type: copying is cheap (the fee tree shares its nodes copy-on-write, the frontier holds
// O(height) digests), so consensus can keep one state per undecided leaf.

#include <optional>
#include <span>

#include "common/address.hpp"
#include "common/u256.hpp"
#include "merkle/block_tree.hpp"
#include "merkle/fee_tree.hpp"
#include "state/rejection.hpp"
#include "types/chain_config.hpp"
#include "types/fee_info.hpp"
#include "types/header.hpp"

namespace espresso {

struct ValidatedState {
  BlockMerkleFrontier block_tree;
  FeeMerkleTree fee_tree;
  ChainConfig chain_config;

  // The roots a header built on this state carries.
  MerkleCommitment block_merkle_tree_root() const { return block_tree.commitment(); }
  MerkleCommitment fee_merkle_tree_root() const { return fee_tree.commitment(); }

  // An absent account holds zero.
  U256 balance(const Address& account) const { return fee_tree.get(account).value_or(0); }

  // An L1 fee deposit: adds to the account's balance.
  Validated<void> credit_deposit(const FeeInfo& deposit);

  // Moves the block's fee from the builder's account to `recipient`, as upstream `charge_fee`: a
  // zero fee touches nothing; otherwise it fails, changing nothing, when the builder holds less.
  Validated<void> charge_fee(const FeeInfo& fee, const Address& recipient);

  // Same roots and chain config (the fee tree has no cheaper identity than its root).
  friend bool operator==(const ValidatedState& a, const ValidatedState& b) {
    return a.block_tree == b.block_tree && a.fee_merkle_tree_root() == b.fee_merkle_tree_root() &&
           a.chain_config == b.chain_config;
  }
};

// The state after `proposed`, a child of `parent_header`, given the state after the parent:
// appends the parent's header commitment to the block tree (upstream `apply_proposal`), credits
// the L1 deposits the block's L1 range brought, then charges the builder's fee to the chain's
// fee_recipient. Does not check the header itself: see validate_proposal.
Validated<ValidatedState> apply_header(const ValidatedState& parent_state,
                                       const Header& parent_header, const Header& proposed,
                                       std::span<const FeeInfo> l1_deposits = {});

}  // namespace espresso
