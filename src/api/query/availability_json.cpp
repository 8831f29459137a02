#include "api/query/availability_json.hpp"

#include "api/query/block_record.hpp"
#include "common/base64.hpp"
#include "common/hex.hpp"
#include "types/bincode.hpp"
#include "vid/codec.hpp"

namespace espresso::query {

Result<DecodedBlock> decode_block(storage::BlockRecord record) {
  std::string_view text(reinterpret_cast<const char*>(record.header.data()), record.header.size());
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) {
    return fail("stored header at height " + std::to_string(record.height) + " is not JSON");
  }
  auto header = header_from_json(json);
  if (!header) {
    return fail(std::move(header).error().context("stored header at height " +
                                                  std::to_string(record.height)));
  }
  return DecodedBlock{std::move(record), std::move(json), std::move(*header)};
}

Result<nlohmann::json> leaf_query_json(const storage::BlockRecord& record) {
  std::string_view text(reinterpret_cast<const char*>(record.leaf.data()), record.leaf.size());
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) {
    return fail("stored leaf at height " + std::to_string(record.height) + " is not JSON");
  }
  return json;
}

nlohmann::json block_json(const DecodedBlock& block) {
  Payload payload = block.payload();
  return {{"header", block.header_json},
          {"payload", to_json(payload)},
          {"hash", block_hash_text(block.record.block_hash)},
          {"size", block.record.payload.size()},
          {"num_transactions", block.record.transactions.size()}};
}

nlohmann::json payload_json(const DecodedBlock& block) {
  return {{"height", block.record.height},
          {"block_hash", block_hash_text(block.record.block_hash)},
          {"hash", payload_hash_text(block.record.payload_hash)},
          {"size", block.record.payload.size()},
          {"data", to_json(block.payload())}};
}

namespace {

// {"ns_table":{"bytes":"..."},"raw_payload":"..."}, as to_json(Payload) dumps it (base64 text
// needs no escaping).
void append_payload_data(std::string& out, const DecodedBlock& block) {
  out += R"({"ns_table":{"bytes":")";
  out += base64_encode(block.header.ns_table.bytes());
  out += R"("},"raw_payload":")";
  out += base64_encode(block.record.payload);
  out += R"("})";
}

}  // namespace

std::string block_text(const DecodedBlock& block) {
  // Keys in nlohmann's (sorted) order: hash, header, num_transactions, payload, size.
  std::string out = R"({"hash":")" + block_hash_text(block.record.block_hash) + R"(","header":)";
  out.append(block.record.header.begin(), block.record.header.end());
  out += R"(,"num_transactions":)" + std::to_string(block.record.transactions.size()) +
         R"(,"payload":)";
  append_payload_data(out, block);
  out += R"(,"size":)" + std::to_string(block.record.payload.size()) + "}";
  return out;
}

std::string payload_text(const DecodedBlock& block) {
  // Keys in nlohmann's (sorted) order: block_hash, data, hash, height, size.
  std::string out =
      R"({"block_hash":")" + block_hash_text(block.record.block_hash) + R"(","data":)";
  append_payload_data(out, block);
  out += R"(,"hash":")" + payload_hash_text(block.record.payload_hash) + R"(","height":)" +
         std::to_string(block.record.height) + R"(,"size":)" +
         std::to_string(block.record.payload.size()) + "}";
  return out;
}

Bytes payload_binary(const DecodedBlock& block) {
  const auto tagged = [](std::string_view tag, const Hash32& hash) {
    return TaggedBase64{std::string(tag), Bytes(hash.begin(), hash.end())};
  };
  return bincode::encode(bincode::PayloadQueryDataView{
      block.record.height, tagged(kBlockHashTag, block.record.block_hash),
      tagged(kPayloadHashTag, block.record.payload_hash), block.record.payload.size(),
      block.record.payload, block.header.ns_table.bytes()});
}

nlohmann::json vid_common_body(ByteView encoded_common) {
  auto common = vid::decode_common(encoded_common);
  if (!common) return nullptr;
  return {{"payload_len", common->payload_len},
          {"recovery", common->recovery},
          {"share_counts", common->share_counts},
          {"share_root", to_hex(common->share_root)},
          {"payload_root", to_hex(common->payload_root)}};
}

Result<nlohmann::json> vid_common_json(const storage::BlockRecord& record) {
  nlohmann::json common = vid_common_body(record.vid_common);
  if (common.is_null()) {
    return fail("stored VID common data at height " + std::to_string(record.height) +
                " does not decode");
  }
  return nlohmann::json{{"height", record.height},
                        {"block_hash", block_hash_text(record.block_hash)},
                        {"payload_hash", payload_hash_text(record.payload_hash)},
                        {"common", std::move(common)}};
}

nlohmann::json block_summary_json(const DecodedBlock& block) {
  return {{"header", block.header_json},
          {"hash", block_hash_text(block.record.block_hash)},
          {"size", block.record.payload.size()},
          {"num_transactions", block.record.transactions.size()}};
}

std::optional<nlohmann::json> transaction_json(const DecodedBlock& block, std::uint64_t position) {
  Payload payload = block.payload();
  std::vector<TxIndex> indices = payload.tx_indices();
  if (position >= indices.size()) return std::nullopt;
  auto tx = payload.transaction(indices[position]);
  if (!tx) return std::nullopt;
  return nlohmann::json{{"transaction", to_json(*tx)},
                        {"hash", commit(*tx).to_tagged_base64()},
                        {"index", position},
                        // Filled by transaction_with_proof_json (namespace_json.hpp).
                        {"proof", nullptr},
                        {"block_hash", block_hash_text(block.record.block_hash)},
                        {"block_height", block.record.height},
                        {"namespace", tx->namespace_id},
                        {"pos_in_namespace", indices[position].tx_index}};
}

}  // namespace espresso::query
