#pragma once
// Position of a transaction in a block: namespace entry index and index within the namespace.
// JSON as upstream's `Index` (impls/block/namespace_payload): each index a 4-byte LE array,
// {"ns_index": [2,0,0,0], "tx_index": [5,0,0,0]}.

#include <cstdint>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"

namespace espresso {

struct TxIndex {
  std::uint32_t ns_index = 0;
  std::uint32_t tx_index = 0;

  friend auto operator<=>(const TxIndex&, const TxIndex&) = default;
};

Result<TxIndex> tx_index_from_json(const nlohmann::json& json);
nlohmann::json to_json(const TxIndex& index);

}  // namespace espresso
