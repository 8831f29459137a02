#include "types/l1_block_info.hpp"

#include <nlohmann/json.hpp>

#include "common/hex.hpp"
#include "types/json_fields.hpp"

namespace espresso {

using namespace json_fields;

Result<L1BlockInfo> l1_block_info_from_json(const nlohmann::json& json) {
  L1BlockInfo info;
  auto number_field = member(json, "number");
  if (!number_field) return fail(std::move(number_field).error().context("l1 block"));
  auto number = as_u64(**number_field);
  if (!number) return fail(std::move(number).error().context("l1 block: number"));
  info.number = *number;

  auto timestamp_field = member(json, "timestamp");
  if (!timestamp_field) return fail(std::move(timestamp_field).error().context("l1 block"));
  auto timestamp = as_u256_hex(**timestamp_field);
  if (!timestamp) return fail(std::move(timestamp).error().context("l1 block: timestamp"));
  info.timestamp = *timestamp;

  auto hash_field = member(json, "hash");
  if (!hash_field) return fail(std::move(hash_field).error().context("l1 block"));
  auto hash = as_hex_bytes(**hash_field, 32);
  if (!hash) return fail(std::move(hash).error().context("l1 block: hash"));
  std::copy(hash->begin(), hash->end(), info.hash.begin());
  return info;
}

nlohmann::json to_json(const L1BlockInfo& info) {
  return {{"number", info.number},
          {"timestamp", u256_to_hex(info.timestamp)},
          {"hash", to_hex(info.hash)}};
}

Commitment commit(const L1BlockInfo& info) {
  // types/src/v0/impls/l1.rs, `impl Committable for L1BlockInfo`.
  Hash32 digest = CommitmentBuilder("L1BLOCK")
                      .u64_field("number", info.number)
                      .constant_str("timestamp")
                      .fixed_size_bytes(to_le_bytes(info.timestamp))
                      .constant_str("hash")
                      .fixed_size_bytes(info.hash)
                      .finalize();
  return {"L1BLOCK", digest};
}

}  // namespace espresso
