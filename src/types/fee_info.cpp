#include "types/fee_info.hpp"

#include <nlohmann/json.hpp>

#include "common/units.hpp"
#include "types/json_fields.hpp"

namespace espresso {

using namespace json_fields;

Result<Address> address_from_json(const nlohmann::json& json) {
  if (!json.is_string()) return fail("expected an address \"0x...\", got " + quote(json));
  return Address::parse(json.get_ref<const std::string&>());
}

Result<U256> fee_amount_from_json(const nlohmann::json& json) {
  // FeeAmount's FromStringOrInteger: a u64 integer, or text as FeeAmount::from_string (hex,
  // decimal, or a number with an ether unit).
  if (json.is_string()) return parse_amount(json.get_ref<const std::string&>());
  if (json.is_number_integer()) return as_u256_string_or_integer(json);
  return fail("expected an amount (integer or string such as \"1 gwei\"), got " + quote(json));
}

Result<FeeInfo> fee_info_from_json(const nlohmann::json& json) {
  auto account_field = member(json, "account");
  if (!account_field) return fail(std::move(account_field).error().context("fee_info"));
  auto account = address_from_json(**account_field);
  if (!account) return fail(std::move(account).error().context("fee_info: account"));
  auto amount_field = member(json, "amount");
  if (!amount_field) return fail(std::move(amount_field).error().context("fee_info"));
  auto amount = fee_amount_from_json(**amount_field);
  if (!amount) return fail(std::move(amount).error().context("fee_info: amount"));
  return FeeInfo{*account, *amount};
}

nlohmann::json to_json(const FeeInfo& info) {
  return {{"account", info.account.to_hex()}, {"amount", to_decimal(info.amount)}};
}

Commitment commit(const FeeInfo& info) {
  // types/src/v0/impls/fee_info.rs, `impl Committable for FeeInfo`.
  Hash32 digest = CommitmentBuilder("FEE_INFO")
                      .fixed_size_field("account", info.account.bytes())
                      .fixed_size_field("amount", to_le_bytes(info.amount))
                      .finalize();
  return {"FEE_INFO", digest};
}

}  // namespace espresso
