#pragma once
// The submit module's sink: a rollup transaction, in its mempool byte form, into the node's
// mempool (and from there gossiped to every node).

#include "api/submit_module.hpp"
#include "node/runtime/node_runtime.hpp"

namespace espresso {

class RuntimeTransactionSink final : public TransactionSink {
 public:
  // `runtime` must outlive the sink.
  explicit RuntimeTransactionSink(NodeRuntime& runtime) : runtime_(&runtime) {}
  Status submit(const Transaction& transaction) override;

 private:
  NodeRuntime* runtime_;
};

}  // namespace espresso
