#pragma once
// Tells streams that new decided blocks are stored. The node calls publish(height) after storing
// block `height`; every stream waiting for it wakes. publish() only takes a short lock and
// notifies: it never waits for subscribers, however slow their clients are.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>

namespace espresso::streams {

class BlockFeed {
 public:
  // `height`: one past the highest block already stored (0 for an empty store).
  explicit BlockFeed(std::uint64_t height = 0) : height_(height) {}
  BlockFeed(const BlockFeed&) = delete;
  BlockFeed& operator=(const BlockFeed&) = delete;

  // Block `height` is stored; height() becomes at least height + 1.
  void publish(std::uint64_t height);
  // One past the highest published block.
  std::uint64_t height() const;

  // Waits until block `height` is published (height() > height), `stop` is requested, or
  // `timeout` passes. True when the block is published.
  bool wait_for(std::uint64_t height, std::stop_token stop, std::chrono::milliseconds timeout);

 private:
  mutable std::mutex mutex_;
  std::condition_variable_any published_;
  std::uint64_t height_;
};

}  // namespace espresso::streams
