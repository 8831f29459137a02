#include "merkle/fee_tree.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "common/check.hpp"
#include "merkle/digest.hpp"

namespace espresso {

// A leaf (at level 0) holds a balance; a branch holds its non-empty children, sorted by position.
struct FeeMerkleTree::Node {
  Hash32 digest{};
  Address account;  // leaves only: the key (the hash does not include it)
  U256 balance = 0;
  bool forgotten = false;  // only the digest of this subtree is known
  std::vector<std::pair<std::uint8_t, std::shared_ptr<const Node>>> children;
};

namespace {

using Node = FeeMerkleTree::Node;
using NodePtr = std::shared_ptr<const Node>;

constexpr std::size_t kHeight = kFeeMerkleTreeHeight;

Hash32 balance_leaf_digest(const U256& balance) {
  return merkle_leaf_digest(to_le_bytes(balance));
}

Hash32 branch_digest(const Node& branch) {
  std::array<Hash32, kFeeMerkleTreeArity> all{};
  for (const auto& [position, child] : branch.children) all[position] = child->digest;
  return merkle_node_digest(all);
}

const NodePtr* find_child(const Node& branch, std::uint8_t position) {
  auto it = std::lower_bound(branch.children.begin(), branch.children.end(), position,
                             [](const auto& entry, std::uint8_t p) { return entry.first < p; });
  if (it == branch.children.end() || it->first != position) return nullptr;
  return &it->second;
}

// A subtree of which only the digest is known (null when the digest says it is empty).
NodePtr forgotten_node(const Hash32& digest) {
  if (digest == kEmptyMerkleDigest) return nullptr;
  auto node = std::make_shared<Node>();
  node->digest = digest;
  node->forgotten = true;
  return node;
}

// The subtree `node` (null = empty) at `level` with the account at `path` set to `balance` (nullopt
// removes it). `delta` receives the change in the number of leaves.
NodePtr updated(const NodePtr& node, std::size_t level, const Address& account,
                const std::vector<std::uint32_t>& path, const std::optional<U256>& balance,
                int& delta) {
  ESEQ_CHECK(!node || !node->forgotten, "fee tree: update of an account that is not in memory");
  if (level == 0) {
    delta = (balance ? 1 : 0) - (node ? 1 : 0);
    if (!balance) return nullptr;
    auto leaf = std::make_shared<Node>();
    leaf->account = account;
    leaf->balance = *balance;
    leaf->digest = balance_leaf_digest(*balance);
    return leaf;
  }
  const auto position = static_cast<std::uint8_t>(path[level - 1]);
  const NodePtr* old_child = node ? find_child(*node, position) : nullptr;
  NodePtr new_child =
      updated(old_child ? *old_child : nullptr, level - 1, account, path, balance, delta);
  if (!node && !new_child) return nullptr;

  auto branch = std::make_shared<Node>();
  if (node) branch->children = node->children;
  auto& children = branch->children;
  auto it = std::lower_bound(children.begin(), children.end(), position,
                             [](const auto& entry, std::uint8_t p) { return entry.first < p; });
  const bool present = it != children.end() && it->first == position;
  if (new_child) {
    if (present) {
      it->second = std::move(new_child);
    } else {
      children.insert(it, {position, std::move(new_child)});
    }
  } else if (present) {
    children.erase(it);
  }
  if (children.empty()) return nullptr;  // all children empty: the branch is empty again
  branch->digest = branch_digest(*branch);
  return branch;
}

// The subtree `node` at `level` with the path to `account` filled in from a verified proof;
// `path_digests[l]` is the digest of the path's node at level l that the proof implies.
NodePtr remembered(const NodePtr& node, std::size_t level, const Address& account,
                   const std::vector<std::uint32_t>& path, const std::optional<U256>& balance,
                   const MerkleProof& proof, const std::vector<Hash32>& path_digests) {
  if (!node) return nullptr;  // an empty subtree holds nothing to remember
  if (level == 0) {
    if (!node->forgotten || !balance) return node;
    auto leaf = std::make_shared<Node>();
    leaf->account = account;
    leaf->balance = *balance;
    leaf->digest = node->digest;
    return leaf;
  }
  const auto position = static_cast<std::uint8_t>(path[level - 1]);
  auto branch = std::make_shared<Node>();
  branch->digest = node->digest;
  if (node->forgotten) {
    const auto& siblings = proof.levels[level - 1];
    if (siblings.size() != kFeeMerkleTreeArity - 1) return node;
    for (std::size_t p = 0, s = 0; p < kFeeMerkleTreeArity; ++p) {
      NodePtr child =
          p == position ? forgotten_node(path_digests[level - 1]) : forgotten_node(siblings[s++]);
      if (child) branch->children.emplace_back(static_cast<std::uint8_t>(p), std::move(child));
    }
  } else {
    branch->children = node->children;
  }
  for (auto& [p, child] : branch->children) {
    if (p == position) {
      child = remembered(child, level - 1, account, path, balance, proof, path_digests);
    }
  }
  return branch;
}

void collect_leaves(const Node& node, std::vector<std::pair<Address, U256>>& out) {
  if (node.forgotten) return;
  if (node.children.empty()) {
    out.emplace_back(node.account, node.balance);
    return;
  }
  for (const auto& entry : node.children) collect_leaves(*entry.second, out);
}

}  // namespace

std::vector<std::uint32_t> fee_tree_path(const Address& account) {
  const auto& bytes = account.bytes();
  static_assert(Address::kSize == kHeight, "one address byte per level");
  return std::vector<std::uint32_t>(bytes.begin(), bytes.end());
}

FeeMerkleTree::FeeMerkleTree() = default;

Result<FeeMerkleTree> FeeMerkleTree::from_commitment(const MerkleCommitment& root) {
  if (root.height != kHeight) {
    return fail("fee tree: root height " + std::to_string(root.height) + ", expected " +
                std::to_string(kHeight));
  }
  if ((root.digest == kEmptyMerkleDigest) != (root.num_leaves == 0)) {
    return fail("fee tree: root digest and leaf count " + std::to_string(root.num_leaves) +
                " disagree about emptiness");
  }
  FeeMerkleTree tree;
  tree.root_ = forgotten_node(root.digest);
  tree.num_leaves_ = root.num_leaves;
  return tree;
}

Status FeeMerkleTree::remember(const Address& account, const std::optional<U256>& balance,
                               const MerkleProof& proof) {
  ESEQ_TRY_STATUS(verify_fee_proof(commitment(), account, balance, proof));
  const auto path = fee_tree_path(account);
  // The digest of every node on the path, leaf level first, as the verifier computed them.
  std::vector<Hash32> path_digests(kHeight + 1);
  path_digests[0] = balance ? balance_leaf_digest(*balance) : kEmptyMerkleDigest;
  for (std::size_t level = 0; level < kHeight; ++level) {
    const auto& siblings = proof.levels[level];
    if (siblings.empty()) {
      path_digests[level + 1] = kEmptyMerkleDigest;
      continue;
    }
    std::array<Hash32, kFeeMerkleTreeArity> all{};
    std::copy_n(siblings.begin(), path[level], all.begin());
    all[path[level]] = path_digests[level];
    std::copy(siblings.begin() + path[level], siblings.end(), all.begin() + path[level] + 1);
    path_digests[level + 1] = merkle_node_digest(all);
  }
  root_ = remembered(root_, kHeight, account, path, balance, proof, path_digests);
  return {};
}

bool FeeMerkleTree::is_known(const Address& account) const {
  const auto path = fee_tree_path(account);
  const Node* node = root_.get();
  for (std::size_t level = kHeight; node != nullptr; --level) {
    if (node->forgotten) return false;
    if (level == 0) break;
    const NodePtr* child = find_child(*node, static_cast<std::uint8_t>(path[level - 1]));
    node = child ? child->get() : nullptr;
  }
  return true;
}

std::optional<U256> FeeMerkleTree::get(const Address& account) const {
  const auto path = fee_tree_path(account);
  ESEQ_CHECK(is_known(account), "fee tree: get of an account that is not in memory");
  const Node* node = root_.get();
  for (std::size_t level = kHeight; node != nullptr && level > 0; --level) {
    const NodePtr* child = find_child(*node, static_cast<std::uint8_t>(path[level - 1]));
    node = child ? child->get() : nullptr;
  }
  if (node == nullptr) return std::nullopt;
  return node->balance;
}

FeeLookup FeeMerkleTree::lookup(const Address& account) const {
  const auto path = fee_tree_path(account);
  ESEQ_CHECK(is_known(account), "fee tree: lookup of an account that is not in memory");
  FeeLookup out;
  out.proof.levels.resize(kHeight);  // levels below an empty subtree stay empty
  const Node* node = root_.get();
  for (std::size_t level = kHeight; node != nullptr && level > 0; --level) {
    const auto position = static_cast<std::uint8_t>(path[level - 1]);
    std::array<Hash32, kFeeMerkleTreeArity> all{};
    for (const auto& [p, child] : node->children) all[p] = child->digest;
    auto& siblings = out.proof.levels[level - 1];
    siblings.reserve(kFeeMerkleTreeArity - 1);
    for (std::size_t p = 0; p < kFeeMerkleTreeArity; ++p) {
      if (p != position) siblings.push_back(all[p]);
    }
    const NodePtr* child = find_child(*node, position);
    node = child ? child->get() : nullptr;
  }
  if (node != nullptr) out.balance = node->balance;
  return out;
}

void FeeMerkleTree::update(const Address& account, const std::optional<U256>& balance) {
  int delta = 0;
  root_ = updated(root_, kHeight, account, fee_tree_path(account), balance, delta);
  num_leaves_ = static_cast<std::uint64_t>(static_cast<std::int64_t>(num_leaves_) + delta);
}

void FeeMerkleTree::set(const Address& account, const U256& balance) {
  update(account, balance);
}

void FeeMerkleTree::erase(const Address& account) {
  update(account, std::nullopt);
}

Status FeeMerkleTree::credit(const Address& account, const U256& amount) {
  if (!is_known(account)) {
    return fail("fee account " + account.to_hex() + " is not in memory (fetch its proof first)");
  }
  const U256 balance = get(account).value_or(0);
  if (amount > std::numeric_limits<U256>::max() - balance) {
    return fail("fee account " + account.to_hex() + ": crediting " + to_decimal(amount) + " to " +
                to_decimal(balance) + " overflows 256 bits");
  }
  set(account, balance + amount);
  return {};
}

Status FeeMerkleTree::transfer(const Address& from, const Address& to, const U256& amount) {
  for (const Address& account : {from, to}) {
    if (!is_known(account)) {
      return fail("fee account " + account.to_hex() + " is not in memory (fetch its proof first)");
    }
  }
  const U256 from_balance = get(from).value_or(0);
  if (from_balance < amount) {
    return fail("insufficient fee balance: account " + from.to_hex() + " holds " +
                to_decimal(from_balance) + " wei, the fee is " + to_decimal(amount) + " wei");
  }
  // Check the recipient's side before touching anything, so a failure changes nothing.
  const U256 to_balance = from == to ? from_balance - amount : get(to).value_or(0);
  if (amount > std::numeric_limits<U256>::max() - to_balance) {
    return fail("fee recipient " + to.to_hex() + ": balance would overflow 256 bits");
  }
  const U256 remaining = from_balance - amount;
  if (remaining == 0) {
    erase(from);
  } else {
    set(from, remaining);
  }
  set(to, to_balance + amount);
  return {};
}

std::vector<std::pair<Address, U256>> FeeMerkleTree::entries() const {
  std::vector<std::pair<Address, U256>> out;
  out.reserve(num_leaves_);
  if (root_) collect_leaves(*root_, out);
  return out;
}

MerkleCommitment FeeMerkleTree::commitment() const {
  MerkleCommitment out;
  out.height = kHeight;
  out.num_leaves = num_leaves_;
  out.digest = root_ ? root_->digest : kEmptyMerkleDigest;
  return out;
}

Status verify_fee_proof(const MerkleCommitment& root, const Address& account,
                        const std::optional<U256>& balance, const MerkleProof& proof) {
  if (root.height != kHeight) {
    return fail("fee proof: root height " + std::to_string(root.height) + ", expected " +
                std::to_string(kHeight));
  }
  std::optional<Hash32> leaf;
  if (balance) leaf = balance_leaf_digest(*balance);
  auto computed = merkle_root_from_proof(leaf, fee_tree_path(account), kFeeMerkleTreeArity, proof);
  if (!computed) return fail(std::move(computed).error().context("fee proof"));
  if (*computed != root.digest) {
    return fail(std::string("fee proof: ") + (balance ? "membership" : "non-membership") + " of " +
                account.to_hex() + " does not lead to the root");
  }
  return {};
}

}  // namespace espresso
