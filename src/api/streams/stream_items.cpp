#include "api/streams/stream_items.hpp"

#include <nlohmann/json.hpp>

#include "api/query/availability_json.hpp"
#include "api/query/namespace_json.hpp"

namespace espresso::streams {

Result<std::string> encode_stream_item(const StreamSpec& spec, const storage::BlockRecord& block) {
  const auto where = "block " + std::to_string(block.height);
  if (spec.kind == StreamKind::kLeaves) {
    auto leaf = query::leaf_query_json(block);
    if (!leaf) return fail(std::move(leaf).error().context(where));
    return leaf->dump();
  }
  auto decoded = query::decode_block(block);
  if (!decoded) return fail(std::move(decoded).error().context(where));
  switch (spec.kind) {
    case StreamKind::kHeaders:
      return decoded->header_json.dump();
    case StreamKind::kBlocks:
      return query::block_json(*decoded).dump();
    case StreamKind::kPayloads:
      return query::payload_json(*decoded).dump();
    case StreamKind::kNamespace: {
      auto json = query::namespace_json(*decoded, spec.namespace_id);
      if (!json) return fail(std::move(json).error().context(where));
      return json->dump();
    }
    case StreamKind::kLeaves:
      break;
  }
  return fail(where + ": unknown stream kind");
}

}  // namespace espresso::streams
