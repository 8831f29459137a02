#pragma once
// Computes the mempool commitments of gossiped transactions on a thread of its own, at a lower
// priority than the event loop (common/thread_priority.hpp). Keccak-256 of other nodes'
// transactions took about a sixth of a node's event loop at 100 KiB saturation, the thread that
// also checks, signs and sends each view's messages; here it waits for a core instead of them.
// Results come back in submission order through `on_hashed`, called on the hasher's thread.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "common/bytes.hpp"
#include "consensus/types.hpp"

namespace espresso {

class TransactionHasher {
 public:
  using Committer = std::function<std::optional<consensus::Commitment>(ByteView transaction)>;
  using Hashed = std::function<void(Bytes transaction, std::optional<consensus::Commitment>)>;

  // At most `max_queued_bytes` of transactions wait (a full queue refuses, as a full mempool
  // does).
  TransactionHasher(Committer commit, std::size_t max_queued_bytes, Hashed on_hashed);
  // Drops what still waits, finishes the transaction being hashed, joins.
  ~TransactionHasher();
  TransactionHasher(const TransactionHasher&) = delete;
  TransactionHasher& operator=(const TransactionHasher&) = delete;

  // Queues the transaction (moved from); false when the queue is full, and then the transaction is
  // left as it was, for the caller to handle.
  bool submit(Bytes&& transaction);
  std::size_t queued_bytes() const;  // waiting or being hashed

 private:
  void run(std::stop_token stop);

  const Committer commit_;
  const std::size_t max_queued_bytes_;
  const Hashed on_hashed_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Bytes> queue_;       // guarded by mutex_
  std::size_t queued_bytes_ = 0;  // guarded by mutex_
  std::jthread thread_;           // last: starts after every member above exists
};

}  // namespace espresso
