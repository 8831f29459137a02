#include "api/query/namespace_json.hpp"

#include <cstdint>

#include "common/base64.hpp"
#include "common/hex.hpp"
#include "types/ns_payload.hpp"
#include "vid/codec.hpp"

namespace espresso::query {
namespace {

Result<const nlohmann::json*> member(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return fail("expected a JSON object, got " + object.dump());
  auto found = object.find(key);
  if (found == object.end()) return fail("missing field \"" + std::string(key) + "\"");
  return &*found;
}

Result<Bytes> base64_member(const nlohmann::json& object, std::string_view key) {
  auto value = member(object, key);
  if (!value) return fail(std::move(value).error());
  if (!(*value)->is_string()) return fail("field \"" + std::string(key) + "\" is not a string");
  auto bytes = base64_decode((*value)->get<std::string>());
  if (!bytes) return fail(std::move(bytes).error().context(key));
  return bytes;
}

Result<Hash32> hash_from_json(const nlohmann::json& value) {
  if (!value.is_string()) return fail("expected a hex string, got " + value.dump());
  return parse_hex_fixed<32>(value.get<std::string>());
}

}  // namespace

nlohmann::json namespace_proof_json(const vid::NamespaceProof& proof) {
  nlohmann::json path = nlohmann::json::array();
  for (const Hash32& hash : proof.path) path.push_back(to_hex(hash));
  return {{"payload_len", proof.payload_len},
          {"recovery", proof.recovery},
          {"params", to_hex(proof.params)},
          {"left_edge", base64_encode(proof.left_edge)},
          {"right_edge", base64_encode(proof.right_edge)},
          {"path", std::move(path)}};
}

Result<vid::NamespaceProof> namespace_proof_from_json(const nlohmann::json& json) {
  vid::NamespaceProof proof;
  auto payload_len = member(json, "payload_len");
  if (!payload_len) return fail(std::move(payload_len).error());
  if (!(*payload_len)->is_number_unsigned()) return fail("payload_len is not an unsigned integer");
  proof.payload_len = (*payload_len)->get<std::uint64_t>();
  auto recovery = member(json, "recovery");
  if (!recovery) return fail(std::move(recovery).error());
  // k is a u16 in the binary form; reject rather than truncate a larger number.
  if (!(*recovery)->is_number_unsigned() || (*recovery)->get<std::uint64_t>() > UINT16_MAX) {
    return fail("recovery is not an unsigned 16-bit integer");
  }
  proof.recovery = (*recovery)->get<std::uint16_t>();
  auto params = member(json, "params");
  if (!params) return fail(std::move(params).error());
  auto params_hash = hash_from_json(**params);
  if (!params_hash) return fail(std::move(params_hash).error().context("params"));
  proof.params = *params_hash;
  auto left = base64_member(json, "left_edge");
  if (!left) return fail(std::move(left).error());
  proof.left_edge = std::move(*left);
  auto right = base64_member(json, "right_edge");
  if (!right) return fail(std::move(right).error());
  proof.right_edge = std::move(*right);
  auto path = member(json, "path");
  if (!path) return fail(std::move(path).error());
  if (!(*path)->is_array()) return fail("path is not an array");
  for (const auto& entry : **path) {
    auto hash = hash_from_json(entry);
    if (!hash) return fail(std::move(hash).error().context("path"));
    proof.path.push_back(*hash);
  }
  return proof;
}

namespace {

// The NsProof object for the namespace at `ns_index` of the block's ns_table.
Result<nlohmann::json> ns_proof_object(const DecodedBlock& block, std::size_t ns_index) {
  ByteView payload(block.record.payload);
  ByteRange range = block.header.ns_table.ns_range(ns_index, payload.size());
  auto common = vid::decode_common(block.record.vid_common);
  if (!common) {
    return fail(std::move(common).error().context("stored VID common data at height " +
                                                  std::to_string(block.record.height)));
  }
  auto proof = vid::prove_namespace(payload, *common, range.start, range.end);
  if (!proof) {
    return fail(std::move(proof).error().context("namespace proof at height " +
                                                 std::to_string(block.record.height)));
  }
  return nlohmann::json{{"ns_index", ns_index},
                        {"ns_payload", base64_encode(payload.subspan(range.start, range.size()))},
                        {"ns_proof", namespace_proof_json(*proof)}};
}

// The namespace bytes an NsProof object proves against the header, once verified.
Result<Bytes> verified_ns_payload(const Header& header, std::size_t ns_index,
                                  const nlohmann::json& proof_json) {
  auto claimed_index = member(proof_json, "ns_index");
  if (!claimed_index) return fail(std::move(claimed_index).error());
  if (**claimed_index != ns_index) {
    return fail("ns_index " + (*claimed_index)->dump() + " differs from the header's " +
                std::to_string(ns_index));
  }
  auto ns_payload = base64_member(proof_json, "ns_payload");
  if (!ns_payload) return fail(std::move(ns_payload).error());
  auto ns_proof_json = member(proof_json, "ns_proof");
  if (!ns_proof_json) return fail(std::move(ns_proof_json).error());
  auto proof = namespace_proof_from_json(**ns_proof_json);
  if (!proof) return fail(std::move(proof).error().context("ns_proof"));
  ByteRange range = header.ns_table.ns_range(ns_index, proof->payload_len);
  const Bytes& commitment_bytes = header.payload_commitment.value;
  if (commitment_bytes.size() != 32) return fail("header payload commitment is not 32 bytes");
  Hash32 commitment{};
  std::copy(commitment_bytes.begin(), commitment_bytes.end(), commitment.begin());
  ESEQ_TRY_STATUS(vid::verify_namespace(commitment, range.start, range.end, *ns_payload, *proof));
  return std::move(*ns_payload);
}

}  // namespace

Result<nlohmann::json> namespace_json(const DecodedBlock& block, NamespaceId namespace_id) {
  const NsTable& table = block.header.ns_table;
  auto ns_index = table.find(namespace_id);
  if (!ns_index)
    return nlohmann::json{{"transactions", nlohmann::json::array()}, {"proof", nullptr}};
  auto proof = ns_proof_object(block, *ns_index);
  if (!proof) return fail(std::move(proof).error());
  ByteView payload(block.record.payload);
  ByteRange range = table.ns_range(*ns_index, payload.size());
  nlohmann::json transactions = nlohmann::json::array();
  for (const Transaction& tx :
       NsPayloadView(payload.subspan(range.start, range.size())).transactions(namespace_id)) {
    transactions.push_back(to_json(tx));
  }
  return nlohmann::json{{"transactions", std::move(transactions)}, {"proof", std::move(*proof)}};
}

Result<std::optional<nlohmann::json>> transaction_with_proof_json(const DecodedBlock& block,
                                                                  std::uint64_t position) {
  auto answer = transaction_json(block, position);
  if (!answer) return std::optional<nlohmann::json>{};
  auto ns_index = block.header.ns_table.find((*answer)["namespace"].get<NamespaceId>());
  if (!ns_index) return fail("transaction's namespace is not in the block's ns_table");
  auto proof = ns_proof_object(block, *ns_index);
  if (!proof) return fail(std::move(proof).error());
  (*answer)["proof"] = std::move(*proof);
  return answer;
}

Result<Transaction> verify_transaction_json(const Header& header, const nlohmann::json& answer) {
  auto listed = member(answer, "transaction");
  if (!listed) return fail(std::move(listed).error());
  auto transaction = transaction_from_json(**listed);
  if (!transaction) return fail(std::move(transaction).error().context("transaction"));
  auto ns_index = header.ns_table.find(transaction->namespace_id);
  if (!ns_index)
    return fail("the header lists no namespace " + std::to_string(transaction->namespace_id));
  auto proof_json = member(answer, "proof");
  if (!proof_json) return fail(std::move(proof_json).error());
  auto ns_payload = verified_ns_payload(header, *ns_index, **proof_json);
  if (!ns_payload) return fail(std::move(ns_payload).error());
  auto position = member(answer, "pos_in_namespace");
  if (!position) return fail(std::move(position).error());
  if (!(*position)->is_number_unsigned()) return fail("pos_in_namespace is not an index");
  const auto proven = NsPayloadView(*ns_payload).transactions(transaction->namespace_id);
  const auto index = (*position)->get<std::uint64_t>();
  if (index >= proven.size() || proven[index] != *transaction) {
    return fail("the proven namespace bytes hold another transaction at position " +
                std::to_string(index));
  }
  return std::move(*transaction);
}

Result<std::vector<Transaction>> verify_namespace_json(const Header& header,
                                                       NamespaceId namespace_id,
                                                       const nlohmann::json& answer) {
  auto proof_field = member(answer, "proof");
  if (!proof_field) return fail(std::move(proof_field).error());
  const nlohmann::json& proof_json = **proof_field;
  auto ns_index = header.ns_table.find(namespace_id);
  if (!ns_index) {
    if (!proof_json.is_null()) return fail("proof given for a namespace the header does not list");
    return std::vector<Transaction>{};
  }
  auto ns_payload = verified_ns_payload(header, *ns_index, proof_json);
  if (!ns_payload) return fail(std::move(ns_payload).error());
  std::vector<Transaction> proven = NsPayloadView(*ns_payload).transactions(namespace_id);
  auto listed = member(answer, "transactions");
  if (!listed) return fail(std::move(listed).error());
  if (!(*listed)->is_array() || (*listed)->size() != proven.size()) {
    return fail("the answer lists other transactions than the proven namespace bytes hold");
  }
  for (std::size_t i = 0; i < proven.size(); ++i) {
    auto tx = transaction_from_json((**listed)[i]);
    if (!tx || *tx != proven[i]) {
      return fail("transaction " + std::to_string(i) + " differs from the proven bytes");
    }
  }
  return proven;
}

}  // namespace espresso::query
