#pragma once
// Who hears about decided blocks: the query store writer, the stream feed, the demo printer.

#include <span>

#include "consensus/actions.hpp"

namespace espresso {

class DecideListener {
 public:
  virtual ~DecideListener() = default;
  // Called on the node's event loop with each newly decided batch, lowest height first and
  // contiguous with the previous batch. Must not throw and should not block for long: consensus
  // waits while it runs.
  virtual void on_decide(std::span<const consensus::DecidedLeaf> leaves) = 0;
};

}  // namespace espresso
