#pragma once
// What the catchup module asks of the node: the state after a decided block, and chain configs by
// commitment. Plain values, no Beast and no node/ types, so the API layer stays below the node
// (node/chain implements it). Called on the HTTP thread: implementations synchronise themselves.

#include <cstdint>
#include <optional>

#include "common/bytes.hpp"
#include "state/validated_state.hpp"
#include "types/chain_config.hpp"

namespace espresso {

// The state after one block (decided, unless state_at says otherwise).
struct DecidedState {
  std::uint64_t height = 0;
  std::uint64_t view = 0;
  ValidatedState state;  // after the block at `height`
};

class CatchupSource {
 public:
  virtual ~CatchupSource() = default;

  // The state after the decided block at `height`; nullopt when this node does not hold it (not
  // decided yet, or older than the history it keeps).
  virtual std::optional<DecidedState> decided_state(std::uint64_t height) const = 0;

  // The state after the block at `height` proposed in `view`: a decided one, or one this node
  // validated but has not decided yet (a catching-up peer often needs the state of its newest
  // proposal's parent). The default looks only at decided states.
  virtual std::optional<DecidedState> state_at(std::uint64_t height, std::uint64_t view) const {
    auto state = decided_state(height);
    if (state && state->view != view) return std::nullopt;
    return state;
  }

  // The chain config whose commitment (commit(ChainConfig).digest) is `commitment`, if known.
  virtual std::optional<ChainConfig> chain_config(const Hash32& commitment) const = 0;
};

}  // namespace espresso
