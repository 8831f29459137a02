#include "types/chain_config.hpp"

#include <nlohmann/json.hpp>

#include "common/units.hpp"
#include "types/codec.hpp"
#include "types/fee_info.hpp"
#include "types/json_fields.hpp"

namespace espresso {

using namespace json_fields;

namespace {

constexpr std::string_view kTag = "CHAIN_CONFIG";

// BlockSize's FromStringOrInteger: a u64 integer or a byte size string ("30720", "30 kb", "1 MiB").
Result<std::uint64_t> block_size_from_json(const nlohmann::json& json) {
  if (json.is_string()) return parse_byte_size(json.get_ref<const std::string&>());
  if (json.is_number_integer()) return as_u64(json);
  return fail("expected a byte size (integer or string such as \"30 kb\"), got " + quote(json));
}

Result<std::optional<Address>> optional_address_from_json(const nlohmann::json& json) {
  if (json.is_null()) return std::optional<Address>{};
  auto address = address_from_json(json);
  if (!address) return fail(std::move(address).error());
  return std::optional<Address>{*address};
}

}  // namespace

Result<ChainConfig> chain_config_from_json(const nlohmann::json& json) {
  ChainConfig config;
  ESEQ_TRY_STATUS(
      read_field(json, "chain_config", "chain_id", config.chain_id, as_u256_string_or_integer));
  ESEQ_TRY_STATUS(read_field(json, "chain_config", "max_block_size", config.max_block_size,
                             block_size_from_json));
  ESEQ_TRY_STATUS(
      read_field(json, "chain_config", "base_fee", config.base_fee, fee_amount_from_json));
  ESEQ_TRY_STATUS(
      read_field(json, "chain_config", "fee_recipient", config.fee_recipient, address_from_json));
  // serde reads a missing Option field as None.
  if (json.contains("fee_contract")) {
    ESEQ_TRY_STATUS(read_field(json, "chain_config", "fee_contract", config.fee_contract,
                               optional_address_from_json));
  }
  return config;
}

nlohmann::json to_json(const ChainConfig& config) {
  return {{"chain_id", to_decimal(config.chain_id)},
          {"max_block_size", std::to_string(config.max_block_size)},
          {"base_fee", to_decimal(config.base_fee)},
          {"fee_contract",
           config.fee_contract ? nlohmann::json(config.fee_contract->to_hex()) : nlohmann::json()},
          {"fee_recipient", config.fee_recipient.to_hex()}};
}

Commitment commit(const ChainConfig& config) {
  // types/src/v0/v0_1/chain_config.rs, `impl Committable for ChainConfig`.
  CommitmentBuilder builder(kTag);
  builder.fixed_size_field("chain_id", to_le_bytes(config.chain_id))
      .u64_field("max_block_size", config.max_block_size)
      .fixed_size_field("base_fee", to_le_bytes(config.base_fee))
      .fixed_size_field("fee_recipient", config.fee_recipient.bytes());
  if (config.fee_contract) {
    builder.u64_field("fee_contract", 1).fixed_size_bytes(config.fee_contract->bytes());
  } else {
    builder.u64_field("fee_contract", 0);
  }
  return {std::string(kTag), builder.finalize()};
}

Hash32 ResolvableChainConfig::commitment() const {
  if (const auto* config = resolve()) return commit(*config).digest;
  return std::get<Hash32>(value);
}

Result<ResolvableChainConfig> resolvable_chain_config_from_json(const nlohmann::json& json) {
  auto inner = member(json, "chain_config");
  if (!inner) return fail(std::move(inner).error());
  const auto& either = **inner;
  if (!either.is_object() || either.size() != 1) {
    return fail(
        "chain_config: expected {\"Left\": {...}} or {\"Right\": \"CHAIN_CONFIG~...\"}, got " +
        quote(either));
  }
  if (either.contains("Left")) {
    auto config = chain_config_from_json(either["Left"]);
    if (!config) return fail(std::move(config).error());
    return ResolvableChainConfig{*config};
  }
  if (either.contains("Right")) {
    auto text_value = as_string(either["Right"]);
    if (!text_value) return fail(std::move(text_value).error().context("chain_config: Right"));
    auto bytes = text::tagged_base64_decode(*text_value, kTag, 32);
    if (!bytes) return fail(std::move(bytes).error().context("chain_config: Right"));
    Hash32 digest{};
    std::copy(bytes->begin(), bytes->end(), digest.begin());
    return ResolvableChainConfig{digest};
  }
  return fail("chain_config: expected \"Left\" or \"Right\", got " + quote(either));
}

nlohmann::json to_json(const ResolvableChainConfig& config) {
  nlohmann::json either;
  if (const auto* full = config.resolve()) {
    either["Left"] = to_json(*full);
  } else {
    either["Right"] = text::tagged_base64_encode(kTag, std::get<Hash32>(config.value));
  }
  return {{"chain_config", either}};
}

}  // namespace espresso
