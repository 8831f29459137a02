#pragma once
// Header validation: is `proposed` a valid child of `parent_header`, given the state after the
// parent? The checks follow upstream's `ValidatedTransition::validate` (espresso-sequencer
// types/src/v0/impls/state.rs), plus the payload commitment this node computed from VID, cheapest
// first, so a hostile header costs at most one signature recovery and one state update.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "common/tagged_base64.hpp"
#include "state/rejection.hpp"
#include "state/validated_state.hpp"
#include "types/header.hpp"
#include "types/l1_block_info.hpp"

namespace espresso {

// Upstream tolerates 12 seconds between a proposal's timestamp and the local clock, either way
// (`validate_timestamp_drift`).
inline constexpr std::uint64_t kMaxTimestampDriftSeconds = 12;

// What this node knows of the block, computed from what it received (not from the header).
struct ProposalContext {
  std::uint64_t payload_byte_len = 0;  // from the VID common data or the DA payload
  TaggedBase64 payload_commitment;     // this node's VID commitment of that payload
  std::uint64_t now = 0;               // local clock, unix seconds
  std::uint64_t max_timestamp_drift = kMaxTimestampDriftSeconds;
  // The header version in force (upgrades switch it); unset: any version the parent's or above.
  std::optional<HeaderVersion> expected_version;
  // This node's L1 client: the finalized L1 block with this number, or nullopt when it has not
  // seen it finalized. Unset: L1 fields are only checked to be monotonic (no L1 client).
  std::function<std::optional<L1BlockInfo>(std::uint64_t number)> l1_finalized_block;
  // L1 fee deposits between the parent's and the proposal's finalized L1 blocks.
  std::span<const FeeInfo> l1_deposits;
};

// Checks, in order: version, height = parent + 1, timestamp ≥ parent and within drift of `now`,
// chain config commitment = the state's, payload size ≤ max_block_size, ns_table valid for the
// payload, payload commitment, L1 head and finalized monotonic (and finalized as L1 says), the
// fee rule (fee_rule.hpp), then applies the block and compares both Merkle roots. On success
// returns the state after the proposal, ready for its children.
Validated<ValidatedState> validate_proposal(const ValidatedState& parent_state,
                                            const Header& parent_header, const Header& proposed,
                                            const ProposalContext& context);

}  // namespace espresso
