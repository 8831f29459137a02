#pragma once
// Keeps the chain adapter in step with consensus: every decided leaf goes to NodeChain::on_decided,
// then the state after the newest one is saved (with that leaf's commitment) so a restarted node
// resumes from it (restart_from) instead of replaying the chain.
//
// The consensus store records the decided leaf before the decide reaches this listener; a crash
// between the two leaves a state file one decide behind, which load_decided_state reports as a
// mismatch (the node then starts its chain from genesis and cannot validate until it catches up).

#include <filesystem>
#include <optional>

#include "common/result.hpp"
#include "node/chain/node_chain.hpp"
#include "node/runtime/decide_listener.hpp"

namespace espresso {

class ChainDecideListener final : public DecideListener {
 public:
  // `chain` must outlive the listener; `state_file` empty: no state is saved.
  ChainDecideListener(NodeChain& chain, std::filesystem::path state_file)
      : chain_(&chain), state_file_(std::move(state_file)) {}

  void on_decide(const DecidedBatch& batch) override;

  // Decided leaves whose state could not be derived.
  std::uint64_t unresolved() const { return unresolved_; }

 private:
  NodeChain* chain_;
  std::filesystem::path state_file_;
  std::uint64_t unresolved_ = 0;
};

std::filesystem::path decided_state_path(const std::filesystem::path& storage_path);

// The chain start for a node whose last decided leaf is `decided`: genesis when it is the genesis
// leaf, else the saved state, which must belong to that leaf.
Result<ChainStart> chain_start_for(const consensus::Leaf& decided,
                                   const std::filesystem::path& state_file, GenesisBlock genesis);

}  // namespace espresso
