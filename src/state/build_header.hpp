#pragma once
// The leader's side: the header of the next block on top of a parent, with the fee charged to the
// builder's account and signed with its key, such that validate_proposal accepts it (upstream
// `Header::new` / `from_info`, espresso-sequencer types/src/v0/impls/header.rs).

#include <cstdint>
#include <optional>
#include <span>

#include "common/tagged_base64.hpp"
#include "crypto/ethereum.hpp"
#include "state/rejection.hpp"
#include "state/validated_state.hpp"
#include "types/header.hpp"
#include "types/l1_block_info.hpp"
#include "types/ns_table.hpp"

namespace espresso {

// What the leader knows about the block's payload (built from its mempool, committed with VID).
struct BlockContents {
  NsTable ns_table;
  std::uint64_t payload_byte_len = 0;
  TaggedBase64 payload_commitment;  // VID commitment of the payload
  Hash32 builder_commitment{};      // builder_commitment(payload).digest
};

// The leader's view of time and L1. Values behind the parent's are raised to the parent's, as
// upstream does, so a leader with a lagging clock or L1 client still builds a valid block.
struct BlockEnvironment {
  std::uint64_t timestamp = 0;  // local clock, unix seconds
  std::uint64_t l1_head = 0;
  std::optional<L1BlockInfo> l1_finalized;
  std::span<const FeeInfo> l1_deposits;  // deposits up to l1_finalized, credited before the fee
  // Unset: the parent's version.
  std::optional<HeaderVersion> version;
};

struct BuiltBlock {
  Header header;
  ValidatedState state;  // the state after the block
};

// Fails with the reason validate_proposal would give when the block cannot be valid: a payload
// over max_block_size, an invalid ns_table, a fee over 64 bits, or a builder balance below the
// fee (kInsufficientBalance).
Validated<BuiltBlock> build_next_header(const ValidatedState& parent_state,
                                        const Header& parent_header, const BlockContents& contents,
                                        const EthPrivateKey& builder_key,
                                        const BlockEnvironment& environment);

}  // namespace espresso
