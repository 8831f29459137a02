#include "api/query/block_record.hpp"

#include <nlohmann/json.hpp>

#include "api/query/leaf_json.hpp"
#include "common/tagged_base64.hpp"
#include "types/payload.hpp"
#include "vid/codec.hpp"
#include "vid/commitment.hpp"

namespace espresso::query {
namespace {

std::string tagged(std::string_view tag, const Hash32& hash) {
  return TaggedBase64{std::string(tag), Bytes(hash.begin(), hash.end())}.to_string();
}

Bytes text_bytes(const std::string& text) {
  return Bytes(text.begin(), text.end());
}

}  // namespace

std::string block_hash_text(const Hash32& hash) {
  return tagged(kBlockHashTag, hash);
}
std::string payload_hash_text(const Hash32& hash) {
  return tagged(kPayloadHashTag, hash);
}
std::string leaf_hash_text(const Hash32& hash) {
  return tagged(kLeafHashTag, hash);
}
std::string transaction_hash_text(const Hash32& hash) {
  return tagged(kTransactionHashTag, hash);
}

Result<storage::BlockRecord> make_block_record(BlockParts parts) {
  const Header& header = parts.header;
  if (parts.leaf.height != header.height) {
    return fail("block record: leaf height " + std::to_string(parts.leaf.height) +
                " differs from header height " + std::to_string(header.height));
  }
  if (parts.vid_common.payload_len != parts.payload.size()) {
    return fail("block record at height " + std::to_string(header.height) + ": VID common says " +
                std::to_string(parts.vid_common.payload_len) + " payload bytes, payload has " +
                std::to_string(parts.payload.size()));
  }
  Hash32 payload_hash = vid::payload_commitment(parts.vid_common);
  if (Bytes(payload_hash.begin(), payload_hash.end()) != header.payload_commitment.value) {
    return fail("block record at height " + std::to_string(header.height) +
                ": VID common does not match the header's payload commitment " +
                header.payload_commitment.to_string());
  }
  storage::BlockRecord record;
  record.height = header.height;
  record.timestamp = header.timestamp;
  record.leaf_hash = parts.leaf.commitment();
  record.block_hash = commit(header).digest;
  record.payload_hash = payload_hash;
  record.header = text_bytes(to_json(header).dump());
  nlohmann::json leaf = {{"leaf", leaf_json(parts.leaf, header)},
                         {"qc", parts.qc ? certificate_json(*parts.qc) : nlohmann::json(nullptr)}};
  record.leaf = text_bytes(leaf.dump());
  record.vid_common = vid::encode_common(parts.vid_common);
  if (parts.vid_share) record.vid_share = vid::encode_share(*parts.vid_share);
  const auto transactions = transaction_views(parts.payload, header.ns_table);
  record.transactions.reserve(transactions.size());
  for (std::size_t i = 0; i < transactions.size(); ++i) {
    const TransactionView& tx = transactions[i];
    const auto* named = i < parts.named.size() && parts.named[i] ? &*parts.named[i] : nullptr;
    const bool known = named != nullptr && named->transaction == tx;
    record.transactions.push_back({known ? named->commitment : commit(tx).digest, tx.namespace_id});
  }
  record.payload = std::move(parts.payload);  // the views above are not used after this
  return record;
}

}  // namespace espresso::query
