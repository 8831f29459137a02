#pragma once
// What each availability stream sends per block: the same JSON as the availability routes for
// that block (api/query/*_json.hpp), as text.

#include <optional>
#include <string>

#include "api/streams/stream_spec.hpp"
#include "common/result.hpp"
#include "storage/query_store.hpp"

namespace espresso::streams {

Result<std::string> encode_stream_item(const StreamSpec& spec, const storage::BlockRecord& block);

}  // namespace espresso::streams
