#pragma once
// The sequencing fee rule (seed operator guide, "The base_fee field" and "The fee_contract
// field"): a block's builder pays base_fee × payload bytes from its fee account (FeeInfo.account)
// to the chain's fee_recipient, and authorizes it with its secp256k1 signature over the amount and
// the namespace table (types/builder_signature.hpp). A zero fee (empty block or zero base fee)
// needs no balance and no signature.

#include <cstdint>
#include <optional>

#include "common/u256.hpp"
#include "state/rejection.hpp"
#include "types/chain_config.hpp"
#include "types/header.hpp"

namespace espresso {

// base_fee × payload_byte_len; nullopt when the product exceeds 256 bits.
std::optional<U256> required_fee(const U256& base_fee, std::uint64_t payload_byte_len);

// The fee checks that need only the header (balances are checked when the fee is charged):
//  - the amount fits a u64, as upstream signs it (kFeeAmountOutOfRange);
//  - it covers required_fee (kInsufficientFee; more is allowed, as upstream);
//  - a non-zero fee carries a signature (kMissingBuilderSignature), and any signature present
//    recovers to the fee account (kInvalidBuilderSignature).
Validated<void> check_builder_fee(const Header& header, const ChainConfig& config,
                                  std::uint64_t payload_byte_len);

}  // namespace espresso
