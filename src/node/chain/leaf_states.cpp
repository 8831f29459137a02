#include "node/chain/leaf_states.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "common/check.hpp"
#include "common/hex.hpp"
#include "types/bincode.hpp"

namespace espresso {

Result<Header> decode_leaf_header(const consensus::Leaf& leaf) {
  auto header = bincode::decode_header(leaf.header);
  if (!header) {
    return fail("leaf header (" + std::to_string(leaf.header.size()) +
                " bytes): " + header.error().message);
  }
  if (header->height != leaf.height) {
    return fail("leaf header: height " + std::to_string(header->height) +
                " differs from the leaf's height " + std::to_string(leaf.height));
  }
  return header;
}

Status check_fee_accounts_known(const ValidatedState& state, const Header& header) {
  if (header.fee_info.amount == 0) return {};  // a zero fee touches no account
  for (const Address& account : {header.fee_info.account, state.chain_config.fee_recipient}) {
    if (!state.fee_tree.is_known(account)) {
      return fail("the parent state does not hold fee account " + account.to_hex() +
                  " (fetch it with catchup)");
    }
  }
  return {};
}

ChainStart genesis_start(GenesisBlock genesis) {
  consensus::Leaf leaf = consensus::genesis_leaf();
  LeafState entry{leaf.view, leaf.height, std::move(genesis.header), std::move(genesis.state)};
  return ChainStart{std::move(leaf), std::move(entry)};
}

Result<ChainStart> restart_from(const consensus::Leaf& decided, ValidatedState state) {
  auto header = decode_leaf_header(decided);
  if (!header) return fail("restart: decided leaf: " + header.error().message);
  if (state.block_merkle_tree_root() != header->block_merkle_tree_root ||
      state.fee_merkle_tree_root() != header->fee_merkle_tree_root) {
    return fail(
        "restart: the stored state's Merkle roots differ from the ones the decided header at "
        "height " +
        std::to_string(decided.height) + " carries");
  }
  LeafState entry{decided.view, decided.height, std::move(*header), std::move(state)};
  return ChainStart{decided, std::move(entry)};
}

LeafStates::LeafStates(ChainStart start) {
  auto [it, inserted] = entries_.emplace(start.leaf.commitment(), std::move(start.entry));
  last_decided_ = &it->second;
}

const LeafState* LeafStates::find(const consensus::Commitment& leaf) const {
  const auto it = entries_.find(leaf);
  return it == entries_.end() ? nullptr : &it->second;
}

void LeafStates::insert(const consensus::Commitment& leaf, LeafState entry) {
  if (entry.height < last_decided_->height) return;  // would be pruned at once
  entries_.insert_or_assign(leaf, std::move(entry));
}

Result<const LeafState*> LeafStates::resolve(const consensus::Leaf& leaf) {
  const consensus::Commitment commitment = leaf.commitment();
  if (const LeafState* known = find(commitment)) return known;
  const LeafState* parent = find(leaf.parent);
  if (parent == nullptr) {
    return fail("no state for leaf " + to_hex(commitment) + " at height " +
                std::to_string(leaf.height) + " nor for its parent " + to_hex(leaf.parent));
  }
  auto header = decode_leaf_header(leaf);
  if (!header) return fail(std::move(header).error());
  if (auto known = check_fee_accounts_known(parent->state, *header); !known) {
    return fail("leaf at height " + std::to_string(leaf.height) + ": " + known.error().message);
  }
  auto state = apply_header(parent->state, parent->header, *header);
  if (!state) {
    return fail("leaf at height " + std::to_string(leaf.height) + ": " +
                state.error().to_error().message);
  }
  auto [it, inserted] = entries_.insert_or_assign(
      commitment, LeafState{leaf.view, leaf.height, std::move(*header), std::move(*state)});
  return &it->second;
}

Result<const LeafState*> LeafStates::on_decided(const consensus::Leaf& leaf) {
  if (leaf.height < last_decided_->height) {
    return fail("decided leaf at height " + std::to_string(leaf.height) +
                " is below the last decided height " + std::to_string(last_decided_->height));
  }
  auto entry = resolve(leaf);
  if (!entry) return entry;
  last_decided_ = *entry;
  const consensus::Commitment decided = leaf.commitment();
  std::erase_if(entries_, [&](const auto& item) {
    return item.second.height <= leaf.height && item.first != decided;
  });
  return entry;
}

std::size_t LeafStates::adopt(std::vector<consensus::Leaf> leaves) {
  std::sort(leaves.begin(), leaves.end(),
            [](const auto& a, const auto& b) { return a.height < b.height; });
  std::size_t derived = 0;
  for (const consensus::Leaf& leaf : leaves) {
    if (leaf.height > last_decided_->height && resolve(leaf)) ++derived;
  }
  return derived;
}

const LeafState& LeafStates::highest() const {
  const LeafState* best = last_decided_;
  for (const auto& [commitment, entry] : entries_) {
    if (entry.height > best->height) best = &entry;
  }
  return *best;
}

}  // namespace espresso
