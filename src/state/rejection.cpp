#include "state/rejection.hpp"

namespace espresso {

std::string_view to_string(RejectReason reason) {
  switch (reason) {
    case RejectReason::kUnexpectedVersion:
      return "unexpected_version";
    case RejectReason::kInvalidHeight:
      return "invalid_height";
    case RejectReason::kDecrementingTimestamp:
      return "decrementing_timestamp";
    case RejectReason::kTimestampDrift:
      return "timestamp_drift";
    case RejectReason::kInvalidChainConfig:
      return "invalid_chain_config";
    case RejectReason::kMaxBlockSizeExceeded:
      return "max_block_size_exceeded";
    case RejectReason::kInvalidNsTable:
      return "invalid_ns_table";
    case RejectReason::kPayloadCommitmentMismatch:
      return "payload_commitment_mismatch";
    case RejectReason::kDecrementingL1Head:
      return "decrementing_l1_head";
    case RejectReason::kDecrementingL1Finalized:
      return "decrementing_l1_finalized";
    case RejectReason::kL1FinalizedUnknown:
      return "l1_finalized_unknown";
    case RejectReason::kL1FinalizedMismatch:
      return "l1_finalized_mismatch";
    case RejectReason::kFeeAmountOutOfRange:
      return "fee_amount_out_of_range";
    case RejectReason::kInsufficientFee:
      return "insufficient_fee";
    case RejectReason::kMissingBuilderSignature:
      return "missing_builder_signature";
    case RejectReason::kInvalidBuilderSignature:
      return "invalid_builder_signature";
    case RejectReason::kInsufficientBalance:
      return "insufficient_balance";
    case RejectReason::kInvalidBlockRoot:
      return "invalid_block_root";
    case RejectReason::kInvalidFeeRoot:
      return "invalid_fee_root";
    case RejectReason::kStateOverflow:
      return "state_overflow";
  }
  return "unknown";
}

Error Rejection::to_error() const {
  return Error{std::string(to_string(reason)) + ": " + message};
}

}  // namespace espresso
