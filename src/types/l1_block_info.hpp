#pragma once
// A finalized L1 block as headers record it (types/src/v0/v0_1/l1.rs).

#include <cstdint>

#include <nlohmann/json_fwd.hpp>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "common/u256.hpp"
#include "types/committable.hpp"

namespace espresso {

struct L1BlockInfo {
  std::uint64_t number = 0;
  U256 timestamp = 0;
  Hash32 hash{};

  friend bool operator==(const L1BlockInfo&, const L1BlockInfo&) = default;
};

// {"number": <u64>, "timestamp": "0x<hex>", "hash": "0x<64 hex>"} (ethers U256 / H256 serde).
Result<L1BlockInfo> l1_block_info_from_json(const nlohmann::json& json);
nlohmann::json to_json(const L1BlockInfo& info);

// Tag "L1BLOCK": u64_field number, constant "timestamp" + 32 bytes LE, constant "hash" + 32 bytes.
Commitment commit(const L1BlockInfo& info);

}  // namespace espresso
