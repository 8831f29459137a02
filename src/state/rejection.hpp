#pragma once
// Why a proposed header is rejected: an enum that metrics and peer scoring can count, and a
// message for logs that quotes the offending values. Validation never throws on a hostile header.
// Reason names follow upstream's `ProposalValidationError` and `BuilderValidationError`
// (espresso-sequencer types/src/v0/impls/state.rs) where one exists.

#include <cstddef>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "common/result.hpp"

namespace espresso {

enum class RejectReason {
  kUnexpectedVersion,
  kInvalidHeight,
  kDecrementingTimestamp,
  kTimestampDrift,
  kInvalidChainConfig,
  kMaxBlockSizeExceeded,
  kInvalidNsTable,
  kPayloadCommitmentMismatch,
  kDecrementingL1Head,
  kDecrementingL1Finalized,
  kL1FinalizedUnknown,   // this node's L1 client has not seen that block finalized (yet)
  kL1FinalizedMismatch,  // it has, and it differs from the proposal's
  kFeeAmountOutOfRange,
  kInsufficientFee,
  kMissingBuilderSignature,
  kInvalidBuilderSignature,
  kInsufficientBalance,
  kInvalidBlockRoot,
  kInvalidFeeRoot,
  kStateOverflow,  // a tree is full or a balance would exceed 256 bits
};
inline constexpr std::size_t kNumRejectReasons = 20;
static_assert(static_cast<std::size_t>(RejectReason::kStateOverflow) + 1 == kNumRejectReasons);

// Stable snake_case name, for metric labels ("invalid_height").
std::string_view to_string(RejectReason reason);

struct Rejection {
  RejectReason reason;
  std::string message;

  // As an Error for callers that only propagate: "<reason>: <message>".
  Error to_error() const;
  friend bool operator==(const Rejection&, const Rejection&) = default;
};

// A value, or the reason it was refused.
template <typename T>
using Validated = tl::expected<T, Rejection>;

inline tl::unexpected<Rejection> reject(RejectReason reason, std::string message) {
  return tl::unexpected<Rejection>(Rejection{reason, std::move(message)});
}

}  // namespace espresso
