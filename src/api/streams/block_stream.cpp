#include "api/streams/block_stream.hpp"

#include <chrono>
#include <thread>

namespace espresso::streams {
namespace {

using namespace std::chrono_literals;

// How often an idle stream looks at the store even without a feed notification (a block stored
// by catch-up without publish(), a feed created behind the store).
constexpr auto kPollInterval = 1000ms;
constexpr auto kRoomCheck = 100ms;

class BlockStream final : public StreamTask {
 public:
  BlockStream(StreamSpec spec, QueryStoreOpener open_store, std::shared_ptr<BlockFeed> feed,
              ItemEncoder encode, std::shared_ptr<StreamSink> sink)
      : thread_([spec, open = std::move(open_store), feed = std::move(feed),
                 encode = std::move(encode), sink = std::move(sink)](std::stop_token stop) {
          run(spec, open, *feed, encode, *sink, stop);
        }) {}
  // std::jthread requests stop (waking a feed wait) and joins.

 private:
  static void run(const StreamSpec& spec, const QueryStoreOpener& open, BlockFeed& feed,
                  const ItemEncoder& encode, StreamSink& sink, std::stop_token stop) {
    auto store = open();
    if (!store) return sink.close_with_error("query store unavailable: " + store.error().message);
    for (std::uint64_t height = spec.from; !stop.stop_requested() && sink.is_open();) {
      auto block = (*store)->block_by_height(height);
      if (!block)
        return sink.close_with_error("reading block " + std::to_string(height) + ": " +
                                     block.error().message);
      if (!*block) {
        if (auto pruned = (*store)->pruned_height(); pruned && *pruned && height <= **pruned) {
          return sink.close_with_error("block " + std::to_string(height) +
                                       " was pruned (pruned height " + std::to_string(**pruned) +
                                       ")");
        }
        feed.wait_for(height, stop, kPollInterval);
        continue;
      }
      auto item = encode(spec, **block);
      if (!item) return sink.close_with_error(item.error().message);
      while (!sink.wait_for_room(kRoomCheck)) {
        if (stop.stop_requested() || !sink.is_open()) return;
      }
      if (!sink.send(std::move(*item))) return;
      ++height;
    }
  }

  std::jthread thread_;
};

}  // namespace

std::unique_ptr<StreamTask> start_block_stream(StreamSpec spec, QueryStoreOpener open_store,
                                               std::shared_ptr<BlockFeed> feed, ItemEncoder encode,
                                               std::shared_ptr<StreamSink> sink) {
  return std::make_unique<BlockStream>(spec, std::move(open_store), std::move(feed),
                                       std::move(encode), std::move(sink));
}

}  // namespace espresso::streams
