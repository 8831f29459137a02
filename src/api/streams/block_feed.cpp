#include "api/streams/block_feed.hpp"

#include <algorithm>

namespace espresso::streams {

void BlockFeed::publish(std::uint64_t height) {
  {
    std::lock_guard lock(mutex_);
    height_ = std::max(height_, height + 1);
  }
  published_.notify_all();
}

std::uint64_t BlockFeed::height() const {
  std::lock_guard lock(mutex_);
  return height_;
}

bool BlockFeed::wait_for(std::uint64_t height, std::stop_token stop,
                         std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return published_.wait_for(lock, stop, timeout, [&] { return height_ > height; });
}

}  // namespace espresso::streams
