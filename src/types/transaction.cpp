#include "types/transaction.hpp"

#include <nlohmann/json.hpp>

#include "types/codec.hpp"
#include "types/json_fields.hpp"

namespace espresso {

using namespace json_fields;

Result<NamespaceId> namespace_id_from_json(const nlohmann::json& json) {
  auto id = as_u64(json);
  if (!id) return fail(std::move(id).error());
  if (*id > kMaxNamespaceId)
    return fail("namespace id must be at most u32::MAX, got " + quote(json));
  return *id;
}

Result<Transaction> transaction_from_json(const nlohmann::json& json) {
  auto ns = member(json, "namespace");
  if (!ns) return fail(std::move(ns).error().context("transaction"));
  auto id = namespace_id_from_json(**ns);
  if (!id) return fail(std::move(id).error().context("transaction: namespace"));
  auto payload_field = member(json, "payload");
  if (!payload_field) return fail(std::move(payload_field).error().context("transaction"));
  auto payload_text = as_string(**payload_field);
  if (!payload_text) return fail(std::move(payload_text).error().context("transaction: payload"));
  auto payload = text::base64_decode(*payload_text);
  if (!payload) return fail(std::move(payload).error().context("transaction: payload"));
  return Transaction{*id, std::move(*payload)};
}

nlohmann::json to_json(const Transaction& tx) {
  return {{"namespace", tx.namespace_id}, {"payload", text::base64_encode(tx.payload)}};
}

Commitment commit(const Transaction& tx) {
  return commit(TransactionView{tx.namespace_id, tx.payload});
}

Commitment commit(const TransactionView& tx) {
  // types/src/v0/impls/transaction.rs, `impl Committable for Transaction`.
  Hash32 digest = CommitmentBuilder("Transaction")
                      .u64_field("namespace", tx.namespace_id)
                      .var_size_bytes(tx.payload)
                      .finalize();
  return {"TX", digest};
}

}  // namespace espresso
