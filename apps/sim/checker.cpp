#include "sim/checker.hpp"

#include "common/hex.hpp"

namespace espresso::sim {

void InvariantChecker::on_decide(std::size_t replica, const consensus::Leaf& leaf) {
  auto& chain = chains_[replica];
  const consensus::Commitment commitment = leaf.commitment();
  const std::uint64_t height = leaf.height;
  const std::string where = "replica " + std::to_string(replica) + " at height " +
                            std::to_string(height) + " (view " + std::to_string(leaf.view) + ")";
  if (height == 0) return fail("decided the genesis height: " + where);
  if (height <= chain.size()) {
    if (chain[height - 1] != commitment) fail("replica changed a decided leaf: " + where);
    return;
  }
  if (height != chain.size() + 1) return fail("decided chain has a gap: " + where);
  const consensus::Commitment expected_parent =
      chain.empty() ? consensus::genesis_leaf().commitment() : chain.back();
  if (leaf.parent != expected_parent)
    return fail("decided leaf does not extend its chain: " + where);
  const auto [it, inserted] = by_height_.emplace(height, commitment);
  if (!inserted && it->second != commitment) {
    return fail("two different leaves decided at one height: " + where + " decided " +
                to_hex(commitment) + ", another honest replica decided " + to_hex(it->second));
  }
  chain.push_back(commitment);
}

}  // namespace espresso::sim
