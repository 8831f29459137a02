#include "api/stream_queue.hpp"

namespace espresso {

StreamQueue::StreamQueue(StreamLimits limits, std::function<void()> wake)
    : limits_(limits), wake_(std::move(wake)) {}

bool StreamQueue::has_room() const {
  return frames_.size() < limits_.max_queued_frames && bytes_ < limits_.max_queued_bytes;
}

bool StreamQueue::send(std::string text) {
  {
    std::lock_guard lock(mutex_);
    if (!open_) return false;
    const bool overflow = frames_.size() >= limits_.max_queued_frames ||
                          (!frames_.empty() && bytes_ + text.size() > limits_.max_queued_bytes);
    if (overflow) {
      // Drop what is queued: a client this far behind would only fall further behind.
      std::string reason = "slow consumer: more than " + std::to_string(limits_.max_queued_frames) +
                           " frames or " + std::to_string(limits_.max_queued_bytes) +
                           " bytes queued";
      frames_.clear();
      bytes_ = 0;
      open_ = false;
      close_ = StreamClose{StreamCloseCode::kPolicy, std::move(reason)};
    } else {
      bytes_ += text.size();
      frames_.push_back(std::move(text));
    }
  }
  room_.notify_all();  // after an overflow: producers waiting for room see the close
  wake_();
  return is_open();
}

bool StreamQueue::wait_for_room(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  room_.wait_for(lock, timeout, [&] { return !open_ || has_room(); });
  return open_ && has_room();
}

void StreamQueue::close(std::string reason) {
  close_with(StreamCloseCode::kNormal, std::move(reason));
}

void StreamQueue::close_with_error(std::string reason) {
  close_with(StreamCloseCode::kInternalError, std::move(reason));
}

void StreamQueue::close_with(StreamCloseCode code, std::string reason) {
  {
    std::lock_guard lock(mutex_);
    if (!open_) return;
    open_ = false;
    close_ = StreamClose{code, std::move(reason)};
  }
  room_.notify_all();
  wake_();
}

bool StreamQueue::is_open() const {
  std::lock_guard lock(mutex_);
  return open_;
}

StreamQueue::Item StreamQueue::next() {
  Item item;
  {
    std::lock_guard lock(mutex_);
    if (!frames_.empty()) {
      bytes_ -= frames_.front().size();
      item = std::move(frames_.front());
      frames_.pop_front();
    } else if (close_) {
      item = std::move(*close_);
      close_.reset();
    } else {
      return item;
    }
  }
  room_.notify_all();
  return item;
}

void StreamQueue::shut_down() {
  {
    std::lock_guard lock(mutex_);
    open_ = false;
    frames_.clear();
    bytes_ = 0;
    close_.reset();
  }
  room_.notify_all();
}

std::size_t StreamQueue::queued_frames() const {
  std::lock_guard lock(mutex_);
  return frames_.size();
}

}  // namespace espresso
