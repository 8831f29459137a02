#pragma once
// Decoders for what a peer's availability API serves (api/query leaf_json.hpp and
// availability_json.hpp are the encoders): leaf/:from/:until items and vid/common/:height. The
// peer is untrusted: every field is checked for shape here, and for meaning by the fetcher.

#include <optional>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "consensus/messages.hpp"
#include "types/header.hpp"
#include "vid/types.hpp"

namespace espresso::fetch {

struct FetchedLeaf {
  consensus::Leaf leaf;  // leaf.header is the bincode of `header`, as the node's chain makes it
  Header header;
  std::optional<consensus::Certificate> qc;
};

// {"leaf": {...}, "qc": {...} | null}
Result<FetchedLeaf> fetched_leaf_from_json(const nlohmann::json& json);
Result<consensus::Certificate> certificate_from_json(const nlohmann::json& json);
// {"height", "block_hash", "payload_hash", "common": {...}}: the "common" object.
Result<vid::Common> vid_common_from_json(const nlohmann::json& json);

}  // namespace espresso::fetch
