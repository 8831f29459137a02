#include "node/runtime/transaction_hasher.hpp"

#include "common/thread_priority.hpp"

namespace espresso {

TransactionHasher::TransactionHasher(Committer commit, std::size_t max_queued_bytes,
                                     Hashed on_hashed)
    : commit_(std::move(commit)),
      max_queued_bytes_(max_queued_bytes),
      on_hashed_(std::move(on_hashed)),
      thread_([this](std::stop_token stop) { run(stop); }) {}

TransactionHasher::~TransactionHasher() {
  thread_.request_stop();
  wake_.notify_all();
}

bool TransactionHasher::submit(Bytes&& transaction) {
  {
    std::lock_guard lock(mutex_);
    if (queued_bytes_ + transaction.size() > max_queued_bytes_) return false;
    queued_bytes_ += transaction.size();
    queue_.push_back(std::move(transaction));
  }
  wake_.notify_one();
  return true;
}

std::size_t TransactionHasher::queued_bytes() const {
  std::lock_guard lock(mutex_);
  return queued_bytes_;
}

void TransactionHasher::run(std::stop_token stop) {
  lower_this_thread_priority(kBackgroundNiceSteps);
  while (true) {
    Bytes transaction;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, stop, [this] { return !queue_.empty(); });
      if (stop.stop_requested()) return;
      transaction = std::move(queue_.front());
      queue_.pop_front();
    }
    const std::size_t size = transaction.size();
    std::optional<consensus::Commitment> commitment = commit_(transaction);
    on_hashed_(std::move(transaction), commitment);
    std::lock_guard lock(mutex_);
    queued_bytes_ -= size;
  }
}

}  // namespace espresso
