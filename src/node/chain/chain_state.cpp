#include "node/chain/chain_state.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace espresso {

ChainState::ChainState(std::size_t max_history)
    : max_history_(std::max<std::size_t>(1, max_history)) {}

void ChainState::record(DecidedState decided) {
  std::lock_guard lock(mutex_);
  add_config_locked(decided.state.chain_config);
  const std::uint64_t height = decided.height;
  states_.insert_or_assign(height, std::move(decided));
  while (states_.size() > max_history_) states_.erase(states_.begin());
  // Undecided blocks at or below a decided height are decided or abandoned forks.
  undecided_.erase(undecided_.begin(), undecided_.upper_bound({height, UINT64_MAX}));
}

void ChainState::record_validated(DecidedState validated) {
  std::lock_guard lock(mutex_);
  if (!states_.empty() && validated.height <= states_.rbegin()->first) return;
  add_config_locked(validated.state.chain_config);
  const std::pair key{validated.height, validated.view};
  undecided_.insert_or_assign(key, std::move(validated));
  while (undecided_.size() > max_history_) undecided_.erase(undecided_.begin());
}

void ChainState::add_chain_config(const ChainConfig& config) {
  std::lock_guard lock(mutex_);
  add_config_locked(config);
}

void ChainState::add_config_locked(const ChainConfig& config) {
  configs_.try_emplace(commit(config).digest, config);
}

std::optional<DecidedState> ChainState::decided_state(std::uint64_t height) const {
  std::lock_guard lock(mutex_);
  const auto it = states_.find(height);
  if (it == states_.end()) return std::nullopt;
  return it->second;
}

std::optional<DecidedState> ChainState::state_at(std::uint64_t height, std::uint64_t view) const {
  std::lock_guard lock(mutex_);
  if (const auto it = states_.find(height); it != states_.end() && it->second.view == view) {
    return it->second;
  }
  if (const auto it = undecided_.find({height, view}); it != undecided_.end()) return it->second;
  return std::nullopt;
}

std::optional<ChainConfig> ChainState::chain_config(const Hash32& commitment) const {
  std::lock_guard lock(mutex_);
  const auto it = configs_.find(commitment);
  if (it == configs_.end()) return std::nullopt;
  return it->second;
}

std::optional<DecidedState> ChainState::latest() const {
  std::lock_guard lock(mutex_);
  if (states_.empty()) return std::nullopt;
  return states_.rbegin()->second;
}

std::optional<std::uint64_t> ChainState::oldest_height() const {
  std::lock_guard lock(mutex_);
  if (states_.empty()) return std::nullopt;
  return states_.begin()->first;
}

}  // namespace espresso
