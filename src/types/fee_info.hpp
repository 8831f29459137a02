#pragma once
// Who pays a block's builder fee and how much (types/src/v0/v0_1/fee_info.rs).

#include <nlohmann/json_fwd.hpp>

#include "common/address.hpp"
#include "common/result.hpp"
#include "common/u256.hpp"
#include "types/committable.hpp"

namespace espresso {

struct FeeInfo {
  Address account;
  U256 amount = 0;  // wei

  friend bool operator==(const FeeInfo&, const FeeInfo&) = default;
};

// {"account": "0x<40 hex>", "amount": "<decimal>"}; the amount also reads integers and 0x-hex.
Result<FeeInfo> fee_info_from_json(const nlohmann::json& json);
nlohmann::json to_json(const FeeInfo& info);

// Tag "FEE_INFO": fixed_size_field account (20 bytes), amount (32 bytes LE).
Commitment commit(const FeeInfo& info);

// JSON readers shared with the chain config.
Result<Address> address_from_json(const nlohmann::json& json);
// Espresso's FeeAmount: integer, decimal or 0x-hex string, or a number with a unit ("1.5 gwei").
Result<U256> fee_amount_from_json(const nlohmann::json& json);

}  // namespace espresso
