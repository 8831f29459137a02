#pragma once
// The availability module's WebSocket routes, under /v0, /v1 and unprefixed like every route:
//   availability/stream/leaves/:height     availability/stream/headers/:height
//   availability/stream/blocks/:height     availability/stream/payloads/:height
//   availability/stream/blocks/:from/namespace/:namespace
// Each starts at the given height (history from the query store) and then follows new blocks.
// A bad height or namespace gets a 400 JSON error before any upgrade.

#include <memory>
#include <optional>

#include "api/stream.hpp"
#include "api/streams/block_feed.hpp"
#include "api/streams/block_stream.hpp"
#include "api/streams/stream_items.hpp"
#include "api/streams/stream_spec.hpp"

namespace espresso::streams {

// The stream a path names: nullopt when it is not a stream route, a 400 response when it is one
// with a bad parameter.
std::optional<tl::expected<StreamSpec, HttpResponse>> parse_stream_path(std::string_view path);

struct AvailabilityStreamsConfig {
  QueryStoreOpener open_store;  // one connection per stream
  std::shared_ptr<BlockFeed> feed;
  ItemEncoder encode = encode_stream_item;  // the availability routes' JSON
};

// The resolver to put in HttpServerOptions::streams.
StreamResolver availability_stream_resolver(AvailabilityStreamsConfig config);

}  // namespace espresso::streams
