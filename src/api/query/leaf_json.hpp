#pragma once
// JSON of consensus leaves and certificates for leaf/:height. Upstream's LeafQueryData is
// {"leaf": {...}, "qc": {...}} (hotshot-query-service src/availability/query_data.rs); our leaf
// and certificate are our own consensus types (DESIGN.md §2: consensus is not wire-compatible), so
// the inner objects carry our fields under upstream's names where one exists.

#include <nlohmann/json.hpp>

#include "consensus/messages.hpp"
#include "types/header.hpp"

namespace espresso::query {

// {"view_number", "height", "parent_commitment": "LEAF~..", "payload_commitment": "HASH~..",
//  "block_header": <header JSON>, "upgrade_certificate": <certificate> | null}
nlohmann::json leaf_json(const consensus::Leaf& leaf, const Header& header);

// {"kind": "quorum"|"da"|"timeout"|"upgrade", "view_number", "subject": "0x..",
//  "signers": "0101..." (stake-table order), "signature": "0x.."}
nlohmann::json certificate_json(const consensus::Certificate& certificate);

}  // namespace espresso::query
