#pragma once
// JSON encoders of the availability API, shaped as upstream's query data types
// (hotshot-query-service src/availability/query_data.rs: BlockQueryData, PayloadQueryData,
// VidCommonQueryData, TransactionQueryData, BlockSummaryQueryData; espresso-sequencer
// NamespaceProofQueryData). Shared by the HTTP routes and the websocket streams.

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "storage/query_store.hpp"
#include "types/header.hpp"
#include "types/payload.hpp"

namespace espresso::query {

// A stored block with its header decoded (most encoders need the header or its namespace table).
struct DecodedBlock {
  storage::BlockRecord record;
  nlohmann::json header_json;
  Header header;
  Payload payload() const { return Payload{record.payload, header.ns_table}; }
};

// Fails when the stored header text does not parse (a corrupt row).
Result<DecodedBlock> decode_block(storage::BlockRecord record);

// Stored leaf text as JSON: {"leaf": ..., "qc": ...}.
Result<nlohmann::json> leaf_query_json(const storage::BlockRecord& record);

// {"header", "payload", "hash", "size", "num_transactions"}
nlohmann::json block_json(const DecodedBlock& block);
// {"height", "block_hash", "hash", "size", "data"}
nlohmann::json payload_json(const DecodedBlock& block);
// The same JSON texts as block_json(block).dump() and payload_json(block).dump(), written
// directly: nlohmann's dump escapes a long base64 string byte by byte, which made these routes
// the slowest step of catch-up.
std::string block_text(const DecodedBlock& block);
std::string payload_text(const DecodedBlock& block);
// PayloadQueryData in upstream's binary form (bincode, no version prefix): what a client asking
// for application/octet-stream gets instead of payload_text, without base64 or a JSON scan.
Bytes payload_binary(const DecodedBlock& block);
// {"height", "block_hash", "payload_hash", "common": vid_common_body}
Result<nlohmann::json> vid_common_json(const storage::BlockRecord& record);
// {"header", "hash", "size", "num_transactions"}
nlohmann::json block_summary_json(const DecodedBlock& block);
// The `position`-th transaction of the block (block order), or nothing when it has fewer:
// {"transaction", "hash", "index", "proof": null, "block_hash", "block_height", "namespace",
//  "pos_in_namespace"}. The availability routes fill "proof" (transaction_with_proof_json in
// namespace_json.hpp); the explorer leaves it null.
std::optional<nlohmann::json> transaction_json(const DecodedBlock& block, std::uint64_t position);

// The VID common data: {"payload_len", "recovery", "share_counts", "share_root", "payload_root"}.
nlohmann::json vid_common_body(ByteView encoded_common);

}  // namespace espresso::query
