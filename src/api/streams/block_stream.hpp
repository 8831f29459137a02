#pragma once
// One availability stream: a producer thread that sends every stored block from `spec.from` on,
// in height order, then follows new blocks as the BlockFeed announces them. It paces itself to
// the client (waits for room in the sink), so replaying a long history never overflows the queue.
// Ends when the client goes away, the task is destroyed, or a block cannot be read (the stream is
// then closed with the reason, e.g. a pruned height).

#include <functional>
#include <memory>

#include "api/stream.hpp"
#include "api/streams/block_feed.hpp"
#include "api/streams/stream_spec.hpp"
#include "storage/query_store.hpp"

namespace espresso::streams {

// Opens a query-store connection for one stream's thread (a store object is single-threaded).
using QueryStoreOpener = std::function<Result<std::unique_ptr<storage::QueryStore>>()>;
// The text a stream sends for one stored block (encode_stream_item in production). Called on the
// stream's thread.
using ItemEncoder =
    std::function<Result<std::string>(const StreamSpec& spec, const storage::BlockRecord& block)>;

std::unique_ptr<StreamTask> start_block_stream(StreamSpec spec, QueryStoreOpener open_store,
                                               std::shared_ptr<BlockFeed> feed, ItemEncoder encode,
                                               std::shared_ptr<StreamSink> sink);

}  // namespace espresso::streams
