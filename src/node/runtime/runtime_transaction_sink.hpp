#pragma once
// The submit module's sink: a rollup transaction, in its mempool byte form, into the node's
// mempool (and from there gossiped to every node). The mempool names transactions by their "TX"
// commitment (mempool_transaction_commitment), which is the answer.

#include "api/submit_module.hpp"
#include "node/runtime/node_runtime.hpp"

namespace espresso {

class RuntimeTransactionSink final : public TransactionSink {
 public:
  // `runtime` must outlive the sink.
  explicit RuntimeTransactionSink(NodeRuntime& runtime) : runtime_(&runtime) {}
  Result<Hash32> submit(const Transaction& transaction) override;

 private:
  NodeRuntime* runtime_;
};

}  // namespace espresso
