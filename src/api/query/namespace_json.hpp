#pragma once
// block/:height/namespace/:namespace: a namespace's transactions and the proof that its bytes are
// part of the payload the header commits to. Shaped as espresso-sequencer's
// NamespaceProofQueryData {"transactions": [...], "proof": NsProof | null}; NsProof carries, as
// upstream's, the namespace index and payload bytes, and our VID's namespace proof
// (vid/namespace_proof.hpp) in place of upstream's KZG one:
//   {"ns_index": i, "ns_payload": base64, "ns_proof": {"payload_len", "recovery" (k), "params":
//    hex, "left_edge": base64, "right_edge": base64, "path": [hex...]}}
// A namespace that is not in the block gives no transactions and a null proof (its absence is
// visible in the header's ns_table).

#include <nlohmann/json.hpp>

#include "api/query/availability_json.hpp"
#include "common/result.hpp"
#include "types/transaction.hpp"
#include "vid/namespace_proof.hpp"

namespace espresso::query {

Result<nlohmann::json> namespace_json(const DecodedBlock& block, NamespaceId namespace_id);

nlohmann::json namespace_proof_json(const vid::NamespaceProof& proof);
Result<vid::NamespaceProof> namespace_proof_from_json(const nlohmann::json& json);

// What a rollup does with the answer: finds the namespace in the header's ns_table, checks the
// proof of `proof_json` against the header's payload commitment and that the transactions are the
// ones encoded in the proven bytes. Returns the verified transactions.
Result<std::vector<Transaction>> verify_namespace_json(const Header& header,
                                                       NamespaceId namespace_id,
                                                       const nlohmann::json& answer);

// transaction/:height/:index and transaction/hash/:hash: transaction_json with "proof" set to the
// NsProof object above for the transaction's namespace; "pos_in_namespace" locates the
// transaction in the proven namespace bytes. Nothing when the block has fewer transactions.
Result<std::optional<nlohmann::json>> transaction_with_proof_json(const DecodedBlock& block,
                                                                  std::uint64_t position);

// What a rollup does with such an answer: checks the proof against the header's payload
// commitment and that the proven namespace bytes hold the transaction at pos_in_namespace.
Result<Transaction> verify_transaction_json(const Header& header, const nlohmann::json& answer);

}  // namespace espresso::query
