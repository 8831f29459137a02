#pragma once
// Which availability stream a client asked for, parsed from its path.

#include <cstdint>

#include "types/transaction.hpp"

namespace espresso::streams {

enum class StreamKind {
  kLeaves,     // stream/leaves/:height    as leaf/:height
  kHeaders,    // stream/headers/:height   as header/:height
  kBlocks,     // stream/blocks/:height    as block/:height
  kPayloads,   // stream/payloads/:height  as payload/:height
  kNamespace,  // stream/blocks/:from/namespace/:ns as block/:height/namespace/:ns
};

struct StreamSpec {
  StreamKind kind = StreamKind::kBlocks;
  std::uint64_t from = 0;
  NamespaceId namespace_id = 0;  // kNamespace only
};

}  // namespace espresso::streams
