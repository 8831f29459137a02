#pragma once
// The chain as the API reads it: the state (fee tree, block tree frontier, chain config) after
// each of the last `max_history` decided blocks, after the undecided blocks this node validated
// (dropped once a block at their height is decided), and every chain config seen. Written by the
// node's event loop on decide, read by the HTTP thread through CatchupSource, hence the mutex;
// reads copy a ValidatedState, which is cheap (the fee tree's nodes are shared and immutable).

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

#include "api/catchup/catchup_source.hpp"

namespace espresso {

inline constexpr std::size_t kDefaultDecidedHistory = 1000;

class ChainState final : public CatchupSource {
 public:
  explicit ChainState(std::size_t max_history = kDefaultDecidedHistory);

  // The state after a decided block; the oldest entries beyond max_history are dropped.
  void record(DecidedState decided);
  // The state after a block this node validated but has not decided (at most max_history kept).
  void record_validated(DecidedState validated);
  // A config the chain may switch to (an upgrade's), so peers that missed it can fetch it.
  void add_chain_config(const ChainConfig& config);

  std::optional<DecidedState> decided_state(std::uint64_t height) const override;
  std::optional<DecidedState> state_at(std::uint64_t height, std::uint64_t view) const override;
  std::optional<ChainConfig> chain_config(const Hash32& commitment) const override;

  std::optional<DecidedState> latest() const;
  // Lowest held height; nullopt before the first record.
  std::optional<std::uint64_t> oldest_height() const;

 private:
  void add_config_locked(const ChainConfig& config);

  const std::size_t max_history_;
  mutable std::mutex mutex_;
  std::map<std::uint64_t, DecidedState> states_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, DecidedState> undecided_;  // (height, view)
  std::map<Hash32, ChainConfig> configs_;
};

}  // namespace espresso
