#include "network/send_queue.hpp"

#include "common/check.hpp"

namespace espresso {

bool SendQueue::push(SharedBytes message) {
  ESEQ_CHECK(message != nullptr, "queued message must not be null");
  if (messages_.size() >= limits_.max_messages) return false;
  if (message->size() > limits_.max_bytes - bytes_) return false;
  bytes_ += message->size();
  messages_.push_back(std::move(message));
  return true;
}

std::vector<SharedBytes> SendQueue::pop_batch(std::size_t max_count, std::size_t max_bytes) {
  std::vector<SharedBytes> batch;
  std::size_t taken = 0;
  while (!messages_.empty() && batch.size() < max_count) {
    const std::size_t size = messages_.front()->size();
    if (!batch.empty() && taken + size > max_bytes) break;
    taken += size;
    bytes_ -= size;
    batch.push_back(std::move(messages_.front()));
    messages_.pop_front();
  }
  return batch;
}

}  // namespace espresso
