#pragma once
// A per-peer queue of outgoing messages, bounded both by message count and by payload bytes.
//
// Policy when full: the new message is refused (push returns false) and nothing already queued is
// dropped. The caller (consensus) learns of the back-pressure at once and can decide what to do;
// messages that were accepted are sent in order. Messages share their bytes (broadcast queues one
// buffer for every peer).

#include <cstddef>
#include <deque>
#include <memory>
#include <vector>

#include "common/bytes.hpp"

namespace espresso {

using SharedBytes = std::shared_ptr<const Bytes>;

struct SendQueueLimits {
  std::size_t max_messages = 4096;
  std::size_t max_bytes = 64u << 20;
};

class SendQueue {
 public:
  explicit SendQueue(SendQueueLimits limits) : limits_(limits) {}

  // False (and nothing changes) when the message would exceed either bound.
  bool push(SharedBytes message);

  // Removes and returns the oldest messages, at least one if any, up to `max_count` messages and,
  // beyond the first, `max_bytes` bytes in total.
  std::vector<SharedBytes> pop_batch(std::size_t max_count, std::size_t max_bytes);

  bool empty() const { return messages_.empty(); }
  std::size_t size() const { return messages_.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  SendQueueLimits limits_;
  std::deque<SharedBytes> messages_;
  std::size_t bytes_ = 0;
};

}  // namespace espresso
