#include "node/chain/state_block_validator.hpp"

#include <utility>

#include "common/hex.hpp"
#include "node/chain/chain_conversions.hpp"
#include "state/validate_proposal.hpp"

namespace espresso {
namespace {

tl::unexpected<LeafRejection> malformed(std::string message) {
  return tl::unexpected<LeafRejection>(LeafRejection{std::nullopt, std::move(message)});
}

}  // namespace

StateBlockValidator::StateBlockValidator(LeafStates& states, UnixClock clock)
    : states_(&states), clock_(std::move(clock)) {}

Status StateBlockValidator::validate(const consensus::Leaf& parent, const consensus::Leaf& proposed,
                                     consensus::Version version, std::uint64_t payload_size) const {
  auto checked = check(parent, proposed, version, payload_size);
  if (checked) return {};
  const LeafRejection& rejection = checked.error();
  if (rejection.reason) return fail(Rejection{*rejection.reason, rejection.message}.to_error());
  return fail(rejection.message);
}

tl::expected<const LeafState*, LeafRejection> StateBlockValidator::check(
    const consensus::Leaf& parent, const consensus::Leaf& proposed, consensus::Version version,
    std::uint64_t payload_size) const {
  if (proposed.parent != parent.commitment()) {
    return malformed("proposed leaf names parent " + to_hex(proposed.parent) + ", not " +
                     to_hex(parent.commitment()));
  }
  auto parent_entry = states_->resolve(parent);
  if (!parent_entry) return malformed("parent: " + parent_entry.error().message);
  auto header = decode_leaf_header(proposed);
  if (!header) return malformed(std::move(header).error().message);

  const ValidatedState& parent_state = (*parent_entry)->state;
  if (auto known = check_fee_accounts_known(parent_state, *header); !known) {
    return malformed(std::move(known).error().message);
  }

  ProposalContext context;
  context.payload_byte_len = payload_size;
  context.payload_commitment = header_payload_commitment(proposed.payload_commitment);
  context.now = clock_();
  context.expected_version = header_version(version);
  auto state = validate_proposal(parent_state, (*parent_entry)->header, *header, context);
  if (!state) {
    Rejection rejection = std::move(state).error();
    return tl::unexpected<LeafRejection>(
        LeafRejection{rejection.reason, std::move(rejection.message)});
  }
  const consensus::Commitment commitment = proposed.commitment();
  states_->insert(commitment,
                  LeafState{proposed.view, proposed.height, std::move(*header), std::move(*state)});
  const LeafState* entry = states_->find(commitment);
  if (entry == nullptr) return malformed("proposal is below the decided height");
  if (listener_) listener_(*entry);
  return entry;
}

}  // namespace espresso
