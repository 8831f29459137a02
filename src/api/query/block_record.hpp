#pragma once
// The contract between whoever stores decided blocks (the node's decide path, catch-up) and the
// query routes: what the byte fields of a storage::BlockRecord hold.
//
//   header      the header's JSON text (types/header.hpp to_json), served as is by header routes
//   leaf        JSON text of {"leaf": <leaf_json>, "qc": <certificate_json> | null}
//   payload     the raw block payload (its namespace table is the header's ns_table)
//   vid_common  vid::encode_common
//   vid_share   vid::encode_share of this node's share
//
// Keys: block_hash = commit(header) ("BLOCK"), payload_hash = the VID payload commitment ("HASH"),
// leaf_hash = the consensus leaf commitment ("LEAF" in text), transactions = commit(tx) ("TX").

#include <optional>

#include "common/result.hpp"
#include "consensus/messages.hpp"
#include "storage/query_store.hpp"
#include "types/header.hpp"
#include "types/transaction.hpp"
#include "vid/types.hpp"

namespace espresso::query {

// A transaction and its "TX" commitment digest, computed by whoever hands it over.
struct NamedTransaction {
  Hash32 commitment{};
  TransactionView transaction;
};

struct BlockParts {
  consensus::Leaf leaf;
  std::optional<consensus::Certificate> qc;  // the certificate on `leaf`, when the caller has it
  Header header;
  Bytes payload;
  vid::Common vid_common;
  std::optional<vid::Share> vid_share;
  // Transactions the caller already hashed, in block order (the decided proposal's list): the
  // i-th payload transaction takes named[i]->commitment when it equals named[i]->transaction,
  // and is hashed otherwise. The views must outlive make_block_record.
  std::vector<std::optional<NamedTransaction>> named = {};
};

// Fails when the parts disagree (height, payload length or commitment against the header).
Result<storage::BlockRecord> make_block_record(BlockParts parts);

// Tags used for the record's hashes in path parameters and JSON.
inline constexpr std::string_view kBlockHashTag = "BLOCK";
inline constexpr std::string_view kPayloadHashTag = "HASH";
inline constexpr std::string_view kLeafHashTag = "LEAF";
inline constexpr std::string_view kTransactionHashTag = "TX";

std::string block_hash_text(const Hash32& hash);
std::string payload_hash_text(const Hash32& hash);
std::string leaf_hash_text(const Hash32& hash);
std::string transaction_hash_text(const Hash32& hash);

}  // namespace espresso::query
