#include "node/runtime/decided_block_log.hpp"

#include <spdlog/spdlog.h>

#include "node/chain/leaf_states.hpp"
#include "types/payload.hpp"

namespace espresso {

void DecidedBlockLog::on_decide(const DecidedBatch& batch) {
  const auto& leaves = *batch;
  for (const auto& decided : leaves) {
    const auto& leaf = decided.leaf;
    if (!decided.payload) {  // not a DA member: the payload is recovered later, if at all
      spdlog::info("decided block height={} view={} payload=not held", leaf.height, leaf.view);
      continue;
    }
    auto header = decode_leaf_header(leaf);
    if (!header) {
      spdlog::warn("decided block height={} view={}: {}", leaf.height, leaf.view,
                   header.error().message);
      continue;
    }
    // Read in place: this runs on the consensus thread, and a block can be megabytes.
    const ByteView payload = *decided.payload;
    spdlog::info("decided block height={} view={} transactions={} bytes={}", leaf.height, leaf.view,
                 num_transactions(payload, header->ns_table), payload.size());
    if (!spdlog::should_log(spdlog::level::debug)) continue;
    for (const auto& transaction : transaction_views(payload, header->ns_table)) {
      spdlog::debug("decided transaction {} height={} namespace={}",
                    commit(transaction).to_tagged_base64(), leaf.height, transaction.namespace_id);
    }
  }
}

}  // namespace espresso
