#include "state/fee_rule.hpp"

#include <limits>
#include <string>

#include "types/builder_signature.hpp"

namespace espresso {

std::optional<U256> required_fee(const U256& base_fee, std::uint64_t payload_byte_len) {
  if (payload_byte_len == 0 || base_fee == 0) return U256(0);
  // U256 multiplication wraps silently: check the bound first.
  if (base_fee > std::numeric_limits<U256>::max() / payload_byte_len) return std::nullopt;
  return base_fee * payload_byte_len;
}

Validated<void> check_builder_fee(const Header& header, const ChainConfig& config,
                                  std::uint64_t payload_byte_len) {
  const U256& amount = header.fee_info.amount;
  if (amount > std::numeric_limits<std::uint64_t>::max()) {
    return reject(RejectReason::kFeeAmountOutOfRange,
                  "fee amount " + to_decimal(amount) + " wei does not fit 64 bits");
  }
  const auto required = required_fee(config.base_fee, payload_byte_len);
  if (!required) {
    return reject(RejectReason::kFeeAmountOutOfRange,
                  "base fee " + to_decimal(config.base_fee) + " wei × " +
                      std::to_string(payload_byte_len) + " bytes exceeds 256 bits");
  }
  if (amount < *required) {
    return reject(RejectReason::kInsufficientFee,
                  "fee " + to_decimal(amount) + " wei is below base fee " +
                      to_decimal(config.base_fee) + " wei × " + std::to_string(payload_byte_len) +
                      " bytes = " + to_decimal(*required) + " wei");
  }
  if (!header.builder_signature) {
    if (amount == 0) return {};
    return reject(RejectReason::kMissingBuilderSignature,
                  "fee of " + to_decimal(amount) + " wei from " + header.fee_info.account.to_hex() +
                      " carries no builder signature");
  }
  if (auto verified = verify_builder_fee_signature(
          *header.builder_signature, header.fee_info.account, amount, header.ns_table);
      !verified) {
    return reject(
        RejectReason::kInvalidBuilderSignature,
        "fee account " + header.fee_info.account.to_hex() + ": " + verified.error().message);
  }
  return {};
}

}  // namespace espresso
