#pragma once
// consensus::BlockBuilder over state/: the payload from mempool transactions (namespace table and
// transactions grouped by namespace, within the chain's max_block_size and what the builder's fee
// account can pay), then the header on top of the parent's state, its fee signed with the node's
// builder key.
//
// The consensus payload is the raw payload bytes (what VID disperses, as upstream); the namespace
// table travels in the header. build_header() takes one of the payloads the last few
// build_block_payload() calls made (the Replica builds the next view's payload before the current
// view's header is needed); for any other bytes, such as a payload restored after a restart, it
// cannot know the namespace table and builds no header.

#include <cstdint>
#include <deque>
#include <optional>
#include <span>

#include "consensus/block_interfaces.hpp"
#include "crypto/ethereum.hpp"
#include "node/chain/leaf_states.hpp"
#include "node/chain/unix_clock.hpp"
#include "types/payload.hpp"

namespace espresso {

class StateBlockBuilder final : public consensus::BlockBuilder {
 public:
  // `states` must outlive the builder.
  StateBlockBuilder(LeafStates& states, EthPrivateKey fee_key,
                    UnixClock clock = system_unix_seconds);

  // Skips transactions that do not decode (mempool bytes can come from any peer) and those over
  // the payload limit; `included` names the ones the payload holds.
  BuiltPayload build_block_payload(std::span<const Bytes> transactions) override;
  // The payload bytes alone.
  Bytes build_payload(std::span<const Bytes> transactions) {
    return build_block_payload(transactions).payload;
  }
  // Empty bytes, which every validator rejects, when no valid header can be built (parent state
  // unknown, or the fee account cannot pay): the view then fails and its transactions return to
  // the mempool.
  Bytes build_header(const consensus::Leaf& parent, consensus::ViewNumber view,
                     consensus::Version version, const consensus::Commitment& payload_commitment,
                     ByteView payload) override;

  const Address& fee_account() const { return fee_account_; }
  // Headers that could not be built (see build_header), for metrics and tests.
  std::uint64_t failed_headers() const { return failed_headers_; }
  std::uint64_t skipped_transactions() const { return skipped_transactions_; }

 private:
  // The payload size limit: max_block_size, and, with a base fee, what the fee account holds in
  // the latest known state.
  std::uint64_t payload_limit() const;

  LeafStates* states_;
  EthPrivateKey fee_key_;
  Address fee_account_;
  UnixClock clock_;
  static constexpr std::size_t kKeptPayloads = 4;
  std::deque<Payload> recent_payloads_;  // newest last
  std::uint64_t failed_headers_ = 0;
  std::uint64_t skipped_transactions_ = 0;
};

}  // namespace espresso
