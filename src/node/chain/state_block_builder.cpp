#include "node/chain/state_block_builder.hpp"

#include <algorithm>
#include <limits>
#include <utility>
#include <vector>

#include "node/chain/chain_conversions.hpp"
#include "node/chain/mempool_transaction.hpp"
#include "state/build_header.hpp"
#include "types/bincode.hpp"

namespace espresso {

StateBlockBuilder::StateBlockBuilder(LeafStates& states, EthPrivateKey fee_key, UnixClock clock)
    : states_(&states),
      fee_key_(std::move(fee_key)),
      fee_account_(fee_key_.address()),
      clock_(std::move(clock)) {}

std::uint64_t StateBlockBuilder::payload_limit() const {
  const ValidatedState& state = states_->highest().state;
  std::uint64_t limit = state.chain_config.max_block_size;
  const U256& base_fee = state.chain_config.base_fee;
  if (base_fee != 0) {
    // A state caught up from peers may not hold the builder's account yet: build empty blocks.
    if (!state.fee_tree.is_known(fee_account_)) return 0;
    const U256 affordable = state.balance(fee_account_) / base_fee;
    if (affordable < limit) limit = static_cast<std::uint64_t>(affordable);
  }
  return limit;
}

consensus::BlockBuilder::BuiltPayload StateBlockBuilder::build_block_payload(
    std::span<const Bytes> transactions) {
  std::vector<Transaction> decoded;
  std::vector<std::size_t> positions;  // decoded[k] is transactions[positions[k]]
  decoded.reserve(transactions.size());
  for (std::size_t i = 0; i < transactions.size(); ++i) {
    if (auto transaction = decode_mempool_transaction(transactions[i])) {
      decoded.push_back(std::move(*transaction));
      positions.push_back(i);
    } else {
      ++skipped_transactions_;
    }
  }
  // Namespace ids were checked on decode, so building cannot fail; an empty payload otherwise.
  auto built = espresso::build_payload(decoded, payload_limit());
  BuiltPayload result;
  if (built) {
    recent_payloads_.push_back(std::move(built->payload));
    for (const std::size_t k : built->included) result.included.push_back(positions[k]);
  } else {
    recent_payloads_.push_back(Payload{{}, NsTableBuilder{}.build()});
  }
  if (recent_payloads_.size() > kKeptPayloads) recent_payloads_.pop_front();
  result.payload = recent_payloads_.back().raw_payload;
  return result;
}

Bytes StateBlockBuilder::build_header(const consensus::Leaf& parent, consensus::ViewNumber,
                                      consensus::Version version,
                                      const consensus::Commitment& payload_commitment,
                                      ByteView payload_bytes) {
  auto parent_entry = states_->resolve(parent);
  // Equal bytes, not just an equal size: two payloads of one size can differ in their namespaces.
  const auto ours = std::find_if(
      recent_payloads_.rbegin(), recent_payloads_.rend(),
      [&](const Payload& p) { return std::ranges::equal(p.raw_payload, payload_bytes); });
  if (!parent_entry || ours == recent_payloads_.rend()) {
    ++failed_headers_;
    return {};
  }
  const Payload& payload = *ours;
  const BlockContents contents{payload.ns_table, payload.raw_payload.size(),
                               header_payload_commitment(payload_commitment),
                               builder_commitment(payload).digest};
  const Header& parent_header = (*parent_entry)->header;
  BlockEnvironment environment;
  environment.timestamp = clock_();
  // No L1 client yet: the parent's L1 view carries over.
  environment.l1_head = parent_header.l1_head;
  environment.l1_finalized = parent_header.l1_finalized;
  environment.version = header_version(version);
  auto built =
      build_next_header((*parent_entry)->state, parent_header, contents, fee_key_, environment);
  if (!built) {
    ++failed_headers_;
    return {};
  }
  return bincode::encode(built->header);
}

}  // namespace espresso
