#include "types/payload.hpp"

#include <limits>
#include <map>

#include <nlohmann/json.hpp>

#include "common/hash.hpp"
#include "types/codec.hpp"
#include "types/json_fields.hpp"
#include "types/ns_payload.hpp"

namespace espresso {
namespace {

NsPayloadView ns_view(ByteView raw_payload, const NsTable& table, std::size_t ns_index) {
  ByteRange range = table.ns_range(ns_index, raw_payload.size());
  return NsPayloadView(raw_payload.subspan(range.start, range.size()));
}

NsPayloadView ns_view(const Payload& payload, std::size_t ns_index) {
  return ns_view(payload.raw_payload, payload.ns_table, ns_index);
}

std::array<std::uint8_t, 8> u64_le(std::uint64_t value) {
  std::array<std::uint8_t, 8> out{};
  for (std::size_t i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
  return out;
}

}  // namespace

std::vector<Transaction> Payload::transactions() const {
  std::vector<Transaction> out;
  for (std::size_t ns = 0; ns < ns_table.num_entries(); ++ns) {
    auto txs = ns_view(*this, ns).transactions(ns_table.ns_id(ns));
    std::move(txs.begin(), txs.end(), std::back_inserter(out));
  }
  return out;
}

std::vector<TransactionView> Payload::transaction_views() const {
  return espresso::transaction_views(raw_payload, ns_table);
}

std::size_t Payload::num_transactions() const {
  return espresso::num_transactions(raw_payload, ns_table);
}

std::vector<TransactionView> transaction_views(ByteView raw_payload, const NsTable& table) {
  std::vector<TransactionView> out;
  for (std::size_t ns = 0; ns < table.num_entries(); ++ns) {
    const NsPayloadView view = ns_view(raw_payload, table, ns);
    const NamespaceId id = table.ns_id(ns);
    for (std::size_t tx = 0; tx < view.num_txs(); ++tx) out.push_back({id, view.tx_payload(tx)});
  }
  return out;
}

std::size_t num_transactions(ByteView raw_payload, const NsTable& table) {
  std::size_t count = 0;
  for (std::size_t ns = 0; ns < table.num_entries(); ++ns) {
    count += ns_view(raw_payload, table, ns).num_txs();
  }
  return count;
}

std::optional<Transaction> Payload::transaction(const TxIndex& index) const {
  if (index.ns_index >= ns_table.num_entries()) return std::nullopt;
  NsPayloadView view = ns_view(*this, index.ns_index);
  if (index.tx_index >= view.num_txs()) return std::nullopt;
  return Transaction{ns_table.ns_id(index.ns_index), to_bytes(view.tx_payload(index.tx_index))};
}

std::vector<TxIndex> Payload::tx_indices() const {
  std::vector<TxIndex> out;
  for (std::size_t ns = 0; ns < ns_table.num_entries(); ++ns) {
    std::size_t n = ns_view(*this, ns).num_txs();
    for (std::size_t tx = 0; tx < n; ++tx) {
      out.push_back({static_cast<std::uint32_t>(ns), static_cast<std::uint32_t>(tx)});
    }
  }
  return out;
}

Result<PayloadBuild> build_payload(std::span<const Transaction> transactions,
                                   std::uint64_t max_block_size) {
  constexpr std::uint64_t kMaxU32 = std::numeric_limits<std::uint32_t>::max();
  std::uint64_t block_len = kNumNssByteLen;
  // Each namespace's positions (into `transactions`), bodies and their size. Sizes first, so that
  // the payload is written once, at its final size: a 4 MB block was copied four times before.
  struct Namespace {
    std::vector<std::size_t> positions;
    std::vector<ByteView> bodies;
    std::uint64_t body_bytes = 0;
  };
  std::map<NamespaceId, Namespace> namespaces;
  for (std::size_t position = 0; position < transactions.size(); ++position) {
    const Transaction& tx = transactions[position];
    if (tx.namespace_id > kMaxNamespaceId) {
      return fail("namespace id " + std::to_string(tx.namespace_id) + " exceeds u32::MAX");
    }
    bool new_ns = !namespaces.contains(tx.namespace_id);
    std::uint64_t tx_size = tx.payload.size() + kTxOffsetByteLen;
    if (new_ns) tx_size += kNsEntryByteLen + kNumTxsByteLen;
    if (tx_size > max_block_size) continue;  // could never fit: skip it
    block_len += tx_size;
    if (block_len > max_block_size) break;  // block full
    Namespace& ns = namespaces[tx.namespace_id];
    if (tx.payload.size() > kMaxU32 - ns.body_bytes) {
      return fail("namespace " + std::to_string(tx.namespace_id) + " exceeds 4 GiB");
    }
    ns.body_bytes += tx.payload.size();
    ns.positions.push_back(position);
    ns.bodies.push_back(tx.payload);
  }
  std::uint64_t total = 0;
  for (const auto& [id, ns] : namespaces) {
    total += ns_payload_size(ns.bodies.size(), ns.body_bytes);
  }
  if (total > kMaxU32) return fail("block payload exceeds 4 GiB");
  Bytes raw;
  raw.reserve(total);
  NsTableBuilder table;
  std::vector<std::size_t> included;
  for (const auto& [id, ns] : namespaces) {
    append_ns_payload(raw, ns.bodies);
    included.insert(included.end(), ns.positions.begin(), ns.positions.end());
    table.append(id, static_cast<std::uint32_t>(raw.size()));
  }
  return PayloadBuild{Payload{std::move(raw), table.build()}, std::move(included)};
}

Result<Payload> payload_from_json(const nlohmann::json& json) {
  auto raw_field = json_fields::member(json, "raw_payload");
  if (!raw_field) return fail(std::move(raw_field).error().context("payload"));
  auto raw_text = json_fields::as_string(**raw_field);
  if (!raw_text) return fail(std::move(raw_text).error().context("payload: raw_payload"));
  auto raw = text::base64_decode(*raw_text);
  if (!raw) return fail(std::move(raw).error().context("payload: raw_payload"));
  auto table_field = json_fields::member(json, "ns_table");
  if (!table_field) return fail(std::move(table_field).error().context("payload"));
  auto table = ns_table_from_json(**table_field);
  if (!table) return fail(std::move(table).error().context("payload"));
  return Payload{std::move(*raw), std::move(*table)};
}

nlohmann::json to_json(const Payload& payload) {
  return {{"raw_payload", text::base64_encode(payload.raw_payload)},
          {"ns_table", to_json(payload.ns_table)}};
}

Commitment builder_commitment(const Payload& payload) {
  // impls/block/full_payload/payload.rs, `builder_commitment`.
  const Bytes& table = payload.ns_table.bytes();
  Sha256 digest;
  digest.update(u64_le(payload.raw_payload.size()));
  digest.update(u64_le(table.size()));
  digest.update(u64_le(table.size()));
  digest.update(payload.raw_payload);
  digest.update(table);
  digest.update(table);
  return {"BUILDER_COMMITMENT", digest.finalize()};
}

}  // namespace espresso
