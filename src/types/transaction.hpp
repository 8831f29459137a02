#pragma once
// A rollup transaction: a namespace (the rollup's id) and opaque payload bytes.

#include <algorithm>
#include <cstdint>

#include <nlohmann/json_fwd.hpp>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "types/committable.hpp"

namespace espresso {

// Upstream stores a u64 but encodes it in 4 bytes inside the namespace table, so JSON input above
// u32::MAX is rejected (types/src/v0/impls/transaction.rs).
using NamespaceId = std::uint64_t;
inline constexpr NamespaceId kMaxNamespaceId = 0xFFFFFFFFu;

// A JSON integer in [0, u32::MAX].
Result<NamespaceId> namespace_id_from_json(const nlohmann::json& json);

struct Transaction {
  NamespaceId namespace_id = 0;
  Bytes payload;

  friend bool operator==(const Transaction&, const Transaction&) = default;
};

// A transaction read in place (from a payload or an encoding); valid while those bytes are.
struct TransactionView {
  NamespaceId namespace_id = 0;
  ByteView payload;

  friend bool operator==(const TransactionView& a, const TransactionView& b) {
    return a.namespace_id == b.namespace_id && std::ranges::equal(a.payload, b.payload);
  }
};

// {"namespace": <u64>, "payload": "<base64>"}
Result<Transaction> transaction_from_json(const nlohmann::json& json);
nlohmann::json to_json(const Transaction& tx);

// Tag "TX": constant "Transaction", u64_field namespace, var_size_bytes payload.
Commitment commit(const TransactionView& tx);
Commitment commit(const Transaction& tx);

}  // namespace espresso
