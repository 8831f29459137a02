#pragma once
// Global parameters of an Espresso chain, protocol v0.1 (types/src/v0/v0_1/chain_config.rs), and
// the header's "resolvable" form that holds either the config or only its commitment.

#include <cstdint>
#include <optional>
#include <variant>

#include <nlohmann/json_fwd.hpp>

#include "common/address.hpp"
#include "common/result.hpp"
#include "common/u256.hpp"
#include "types/committable.hpp"

namespace espresso {

struct ChainConfig {
  U256 chain_id = 35353;                 // upstream default
  std::uint64_t max_block_size = 30720;  // bytes
  U256 base_fee = 0;                     // wei per byte
  std::optional<Address> fee_contract;
  Address fee_recipient;

  friend bool operator==(const ChainConfig&, const ChainConfig&) = default;
};

// Numbers are written as decimal strings and read as upstream's string-or-integer serde: chain_id
// from an integer, decimal or 0x-hex string; base_fee also with an ether unit ("1 gwei");
// max_block_size also with a byte unit ("30 kb"). fee_contract may be null or absent.
Result<ChainConfig> chain_config_from_json(const nlohmann::json& json);
nlohmann::json to_json(const ChainConfig& config);

// Tag "CHAIN_CONFIG": chain_id (32 bytes LE), u64 max_block_size, base_fee (32 bytes LE),
// fee_recipient (20 bytes), then u64_field fee_contract 1 + 20 bytes, or 0 when absent.
Commitment commit(const ChainConfig& config);

// Either the full config (JSON "Left") or its commitment (JSON "Right": "CHAIN_CONFIG~...").
struct ResolvableChainConfig {
  std::variant<ChainConfig, Hash32> value;

  Hash32 commitment() const;
  const ChainConfig* resolve() const { return std::get_if<ChainConfig>(&value); }

  friend bool operator==(const ResolvableChainConfig&, const ResolvableChainConfig&) = default;
};

// {"chain_config": {"Left": {...}}} or {"chain_config": {"Right": "CHAIN_CONFIG~..."}}
Result<ResolvableChainConfig> resolvable_chain_config_from_json(const nlohmann::json& json);
nlohmann::json to_json(const ResolvableChainConfig& config);

}  // namespace espresso
