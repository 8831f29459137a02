#pragma once
// Logs each decided block: one info line with its height, view, transaction count and payload
// bytes, and at debug level one line per transaction with its "TX~..." commitment, in block order
// (operators follow the chain with it; the multi-process tests read the order from it).

#include "node/runtime/decide_listener.hpp"

namespace espresso {

class DecidedBlockLog final : public DecideListener {
 public:
  void on_decide(const DecidedBatch& batch) override;
};

}  // namespace espresso
