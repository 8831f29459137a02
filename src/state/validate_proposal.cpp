#include "state/validate_proposal.hpp"

#include <string>

#include "common/hex.hpp"
#include "state/fee_rule.hpp"

namespace espresso {
namespace {

std::string version_text(const HeaderVersion& v) {
  return std::to_string(v.major) + "." + std::to_string(v.minor);
}

std::string finalized_text(const std::optional<L1BlockInfo>& info) {
  return info ? "block " + std::to_string(info->number) : std::string("none");
}

Validated<void> check_version(const Header& parent, const Header& proposed,
                              const ProposalContext& context) {
  if (context.expected_version ? proposed.version != *context.expected_version
                               : proposed.version < parent.version) {
    return reject(RejectReason::kUnexpectedVersion,
                  "header version " + version_text(proposed.version) + ", expected " +
                      version_text(context.expected_version.value_or(parent.version)) +
                      (context.expected_version ? "" : " or above"));
  }
  return {};
}

Validated<void> check_height_and_time(const Header& parent, const Header& proposed,
                                      const ProposalContext& context) {
  if (parent.height == UINT64_MAX || proposed.height != parent.height + 1) {
    return reject(RejectReason::kInvalidHeight, "height " + std::to_string(proposed.height) +
                                                    " on a parent of height " +
                                                    std::to_string(parent.height));
  }
  if (proposed.timestamp < parent.timestamp) {
    return reject(RejectReason::kDecrementingTimestamp,
                  "timestamp " + std::to_string(proposed.timestamp) + " is before the parent's " +
                      std::to_string(parent.timestamp));
  }
  const std::uint64_t drift = proposed.timestamp > context.now ? proposed.timestamp - context.now
                                                               : context.now - proposed.timestamp;
  if (drift > context.max_timestamp_drift) {
    return reject(RejectReason::kTimestampDrift,
                  "timestamp " + std::to_string(proposed.timestamp) + " is " +
                      std::to_string(drift) + " s from the local clock " +
                      std::to_string(context.now) + " (at most " +
                      std::to_string(context.max_timestamp_drift) + " s allowed)");
  }
  return {};
}

Validated<void> check_block_contents(const ChainConfig& config, const Header& proposed,
                                     const ProposalContext& context) {
  const Hash32 expected_config = commit(config).digest;
  if (proposed.chain_config.commitment() != expected_config) {
    return reject(RejectReason::kInvalidChainConfig,
                  "chain config " + to_hex(proposed.chain_config.commitment()) +
                      " differs from this chain's " + to_hex(expected_config));
  }
  if (context.payload_byte_len > config.max_block_size) {
    return reject(RejectReason::kMaxBlockSizeExceeded,
                  "payload of " + std::to_string(context.payload_byte_len) +
                      " bytes exceeds max_block_size " + std::to_string(config.max_block_size));
  }
  if (auto error = proposed.ns_table.validate(context.payload_byte_len)) {
    return reject(RejectReason::kInvalidNsTable,
                  std::string(to_string(*error)) + " (table of " +
                      std::to_string(proposed.ns_table.bytes().size()) + " bytes, payload of " +
                      std::to_string(context.payload_byte_len) + " bytes)");
  }
  if (proposed.payload_commitment != context.payload_commitment) {
    return reject(RejectReason::kPayloadCommitmentMismatch,
                  "header commits to " + proposed.payload_commitment.to_string() +
                      ", the payload received commits to " +
                      context.payload_commitment.to_string());
  }
  return {};
}

Validated<void> check_l1(const Header& parent, const Header& proposed,
                         const ProposalContext& context) {
  if (proposed.l1_head < parent.l1_head) {
    return reject(RejectReason::kDecrementingL1Head, "l1_head " + std::to_string(proposed.l1_head) +
                                                         " is below the parent's " +
                                                         std::to_string(parent.l1_head));
  }
  // As upstream's Option ordering: none < any block; blocks compare by number.
  const bool decrementing =
      parent.l1_finalized &&
      (!proposed.l1_finalized || proposed.l1_finalized->number < parent.l1_finalized->number);
  if (decrementing) {
    return reject(RejectReason::kDecrementingL1Finalized,
                  "l1_finalized " + finalized_text(proposed.l1_finalized) +
                      " is below the parent's " + finalized_text(parent.l1_finalized));
  }
  if (context.l1_finalized_block && proposed.l1_finalized) {
    const auto seen = context.l1_finalized_block(proposed.l1_finalized->number);
    if (!seen) {
      return reject(RejectReason::kL1FinalizedUnknown,
                    "L1 " + finalized_text(proposed.l1_finalized) +
                        " is not finalized in this node's view of L1 yet");
    }
    if (*seen != *proposed.l1_finalized) {
      return reject(RejectReason::kL1FinalizedMismatch,
                    "L1 " + finalized_text(proposed.l1_finalized) + " has hash " +
                        to_hex(proposed.l1_finalized->hash) + " in the proposal, " +
                        to_hex(seen->hash) + " in this node's view of L1");
    }
  }
  return {};
}

Validated<void> check_roots(const ValidatedState& after, const Header& proposed) {
  if (proposed.block_merkle_tree_root != after.block_merkle_tree_root()) {
    return reject(RejectReason::kInvalidBlockRoot,
                  "block_merkle_tree_root " + proposed.block_merkle_tree_root.to_tagged_base64() +
                      ", expected " + after.block_merkle_tree_root().to_tagged_base64());
  }
  if (proposed.fee_merkle_tree_root != after.fee_merkle_tree_root()) {
    return reject(RejectReason::kInvalidFeeRoot,
                  "fee_merkle_tree_root " + proposed.fee_merkle_tree_root.to_tagged_base64() +
                      ", expected " + after.fee_merkle_tree_root().to_tagged_base64());
  }
  return {};
}

}  // namespace

Validated<ValidatedState> validate_proposal(const ValidatedState& parent_state,
                                            const Header& parent_header, const Header& proposed,
                                            const ProposalContext& context) {
  if (auto ok = check_version(parent_header, proposed, context); !ok) {
    return tl::unexpected(std::move(ok).error());
  }
  if (auto ok = check_height_and_time(parent_header, proposed, context); !ok) {
    return tl::unexpected(std::move(ok).error());
  }
  if (auto ok = check_block_contents(parent_state.chain_config, proposed, context); !ok) {
    return tl::unexpected(std::move(ok).error());
  }
  if (auto ok = check_l1(parent_header, proposed, context); !ok) {
    return tl::unexpected(std::move(ok).error());
  }
  if (auto ok = check_builder_fee(proposed, parent_state.chain_config, context.payload_byte_len);
      !ok) {
    return tl::unexpected(std::move(ok).error());
  }
  auto after = apply_header(parent_state, parent_header, proposed, context.l1_deposits);
  if (!after) return after;
  if (auto ok = check_roots(*after, proposed); !ok) return tl::unexpected(std::move(ok).error());
  return after;
}

}  // namespace espresso
