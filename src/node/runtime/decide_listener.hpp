#pragma once
// Who hears about decided blocks: the query store writer, the stream feed, the demo printer.

#include <memory>
#include <vector>

#include "consensus/actions.hpp"

namespace espresso {

// Newly decided leaves, lowest height first, shared by every listener: one that keeps them (the
// query writer's queue) holds the batch instead of copying its payloads.
using DecidedBatch = std::shared_ptr<const std::vector<consensus::DecidedLeaf>>;

inline DecidedBatch make_decided_batch(std::vector<consensus::DecidedLeaf> leaves) {
  return std::make_shared<const std::vector<consensus::DecidedLeaf>>(std::move(leaves));
}

class DecideListener {
 public:
  virtual ~DecideListener() = default;
  // Called on the node's event loop with each newly decided batch (never null), contiguous with
  // the previous batch. Must not throw and should not block for long: consensus waits while it
  // runs.
  virtual void on_decide(const DecidedBatch& batch) = 0;
};

}  // namespace espresso
