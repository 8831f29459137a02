#pragma once
// A block payload: the namespaces' bytes back to back, and the namespace table that splits them.
// Built from transactions grouped by namespace (ascending namespace id, order kept within one),
// as upstream's `Payload::from_transactions` (impls/block/full_payload/payload.rs).

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "types/ns_table.hpp"
#include "types/transaction.hpp"
#include "types/tx_index.hpp"

namespace espresso {

struct Payload {
  Bytes raw_payload;
  NsTable ns_table;

  // Transactions in block order, read leniently from any bytes.
  std::vector<Transaction> transactions() const;
  // The same, in place (valid while raw_payload is).
  std::vector<TransactionView> transaction_views() const;
  std::size_t num_transactions() const;
  std::optional<Transaction> transaction(const TxIndex& index) const;
  // Position of every transaction, in block order.
  std::vector<TxIndex> tx_indices() const;

  friend bool operator==(const Payload&, const Payload&) = default;
};

// The same readings over payload bytes held elsewhere (no copy into a Payload).
std::vector<TransactionView> transaction_views(ByteView raw_payload, const NsTable& table);
std::size_t num_transactions(ByteView raw_payload, const NsTable& table);

struct PayloadBuild {
  Payload payload;
  // Positions (into the transactions given) of those that fit max_block_size, in block order.
  std::vector<std::size_t> included;
};

// Upstream's block size accounting: a transaction costs its bytes plus a 4-byte tx table entry, and
// the first one of a namespace also 8 bytes of ns table entry and 4 of tx count; the table header
// costs 4. A transaction that alone exceeds the limit is skipped; the first that would overflow
// the block ends it. Fails on a namespace id above u32::MAX.
Result<PayloadBuild> build_payload(std::span<const Transaction> transactions,
                                   std::uint64_t max_block_size);

// {"raw_payload": "<base64>", "ns_table": {"bytes": "<base64>"}}
Result<Payload> payload_from_json(const nlohmann::json& json);
nlohmann::json to_json(const Payload& payload);

// SHA-256 over (payload len, table len, table len as u64 LE) ‖ payload ‖ table ‖ table: upstream
// hashes the table twice (as "ns_table" and as "metadata") for compatibility. Tag
// "BUILDER_COMMITMENT".
Commitment builder_commitment(const Payload& payload);

}  // namespace espresso
