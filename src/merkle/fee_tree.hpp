#pragma once
// The fee Merkle tree: a sparse (universal) tree of fee balances keyed by Ethereum address, whose
// root is each header's `fee_merkle_tree_root`. Upstream: espresso-sequencer `FeeMerkleTree =
// UniversalMerkleTree<FeeAmount, Sha3Digest, FeeAccount, 256, Sha3Node>` with
// FEE_MERKLE_TREE_HEIGHT = 20. Exact rules (so roots equal upstream's):
//  - the path of an address is its 20 bytes in order, byte 0 choosing the child at the LEAF level
//  and
//    byte 19 the child of the root (`ToTraversalPath<256> for FeeAccount` takes the bytes as they
//    are; jellyfish walks traversal_path[height-1] at the root);
//  - a leaf is SHA3-256 of the balance as 32 little-endian bytes (`CanonicalSerialize for
//  FeeAmount`);
//  - an empty subtree is 32 zero bytes at every level, so no per-level table of empty digests is
//    needed; a branch whose children all become empty becomes empty again (jellyfish
//    `update_with_internal`).
// Storage is persistent (copy-on-write, shared_ptr nodes): only non-empty subtrees exist, an update
// rebuilds the O(height) nodes on one path, and copying a tree is O(1) and shares everything, so
// the state layer can keep a tree per view cheaply.
//
// A tree may be partial, as upstream's after catchup: from_commitment() knows only the root, and
// remember() adds accounts from verified proofs; other subtrees stay "forgotten" (digest only).
// Reading or changing an account on a forgotten path is a programming error (checked); the state
// layer asks is_known() first and fetches the missing proofs, as upstream's `missing_accounts`.

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "common/address.hpp"
#include "common/result.hpp"
#include "common/u256.hpp"
#include "merkle/commitment.hpp"
#include "merkle/proof.hpp"

namespace espresso {

inline constexpr std::size_t kFeeMerkleTreeArity = 256;
inline constexpr std::size_t kFeeMerkleTreeHeight = 20;

// A balance (or its absence) with the proof of it against the tree's root.
struct FeeLookup {
  std::optional<U256> balance;  // nullopt: the account is not in the tree
  MerkleProof proof;            // membership proof, or non-membership proof when absent
};

class FeeMerkleTree {
 public:
  FeeMerkleTree();

  // A partial tree that knows only `root` (height must be 20).
  static Result<FeeMerkleTree> from_commitment(const MerkleCommitment& root);
  // Adds an account (or its absence) from a proof against this tree's current root; fails, changing
  // nothing, when the proof does not verify.
  Status remember(const Address& account, const std::optional<U256>& balance,
                  const MerkleProof& proof);
  // Whether the account's path is in memory (always true for a tree built only by set()).
  bool is_known(const Address& account) const;

  // Precondition for the rest: is_known(account) (transfer and credit check it and fail instead).
  std::optional<U256> get(const Address& account) const;
  FeeLookup lookup(const Address& account) const;

  // Inserts or replaces the account's balance.
  void set(const Address& account, const U256& balance);
  // Removes the account; a no-op when it is absent.
  void erase(const Address& account);
  // Adds to the balance (absent counts as zero): an L1 fee deposit. Fails on 256-bit overflow.
  Status credit(const Address& account, const U256& amount);

  // Moves `amount` from `from` (a builder's account) to `to` (the fee recipient), as upstream's
  // `ValidatedState::charge_fee`: fails without changing anything when `from` holds less; a payer
  // left at zero is removed from the tree; the recipient is inserted when absent.
  Status transfer(const Address& from, const Address& to, const U256& amount);

  // Every known account with its balance, in tree order (for storage and snapshots; rebuild with
  // set()).
  std::vector<std::pair<Address, U256>> entries() const;

  std::uint64_t num_leaves() const { return num_leaves_; }
  MerkleCommitment commitment() const;

  struct Node;

 private:
  void update(const Address& account, const std::optional<U256>& balance);

  std::shared_ptr<const Node> root_;  // null: the empty tree
  std::uint64_t num_leaves_ = 0;
};

// Child position per level, leaf level first: the address bytes in order.
std::vector<std::uint32_t> fee_tree_path(const Address& account);

// What a rollup or light client calls: does `proof` show that `account` holds `balance` (or, with
// nullopt, is absent) in the fee tree with root `root`? Ok, or an error saying why not.
Status verify_fee_proof(const MerkleCommitment& root, const Address& account,
                        const std::optional<U256>& balance, const MerkleProof& proof);

}  // namespace espresso
