#include "types/tx_index.hpp"

#include <nlohmann/json.hpp>

#include "types/json_fields.hpp"

namespace espresso {
namespace {

Result<std::uint32_t> le_array_from_json(const nlohmann::json& json, std::string_view key) {
  auto field = json_fields::member(json, key);
  if (!field) return fail(std::move(field).error().context("tx index"));
  const auto& array = **field;
  if (!array.is_array() || array.size() != 4) {
    return fail("tx index: " + std::string(key) + ": expected an array of 4 bytes, got " +
                json_fields::quote(array));
  }
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    auto byte = json_fields::as_u64(array[i]);
    if (!byte || *byte > 255) {
      return fail("tx index: " + std::string(key) + ": expected bytes 0..255, got " +
                  json_fields::quote(array));
    }
    value |= static_cast<std::uint32_t>(*byte) << (8 * i);
  }
  return value;
}

nlohmann::json le_array(std::uint32_t value) {
  auto array = nlohmann::json::array();
  for (int i = 0; i < 4; ++i) array.push_back((value >> (8 * i)) & 0xff);
  return array;
}

}  // namespace

Result<TxIndex> tx_index_from_json(const nlohmann::json& json) {
  auto ns = le_array_from_json(json, "ns_index");
  if (!ns) return fail(std::move(ns).error());
  auto tx = le_array_from_json(json, "tx_index");
  if (!tx) return fail(std::move(tx).error());
  return TxIndex{*ns, *tx};
}

nlohmann::json to_json(const TxIndex& index) {
  return {{"ns_index", le_array(index.ns_index)}, {"tx_index", le_array(index.tx_index)}};
}

}  // namespace espresso
