#pragma once
// Runs the consensus store's appends on a thread of their own, in the order they were queued, so
// the node's event loop keeps receiving, decrypting and serving while a DA payload goes to disk.
// The driver holds back every send that follows a queued append until `on_done` reports it
// durable (DESIGN.md §5 persistence rule); see node_runtime.cpp.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "consensus/persistence.hpp"
#include "storage/consensus_store.hpp"

namespace espresso {

class PersistWorker {
 public:
  // Called on the worker thread after each append, with its ticket and outcome, in ticket order.
  // After a failed append the worker appends nothing more: every later ticket fails too.
  using Done = std::function<void(std::uint64_t ticket, Status outcome)>;

  // `store` must outlive the worker, and nothing else may use it meanwhile.
  PersistWorker(storage::ConsensusStore& store, Done on_done);
  // Finishes the appends already queued (their records are durable, their sends never left),
  // then joins.
  ~PersistWorker();
  PersistWorker(const PersistWorker&) = delete;
  PersistWorker& operator=(const PersistWorker&) = delete;

  // Queues one atomic append; answers its ticket (1, 2, ... in queue order).
  std::uint64_t submit(std::vector<consensus::PersistRecord> batch);

  // Blocks the caller until at most `limit` appends are queued or being written: back-pressure
  // for a disk that falls behind, so the queued payloads cannot grow without bound.
  void wait_while_queued_above(std::size_t limit);
  std::size_t queued() const;  // appends queued or being written

 private:
  struct Job {
    std::uint64_t ticket = 0;
    std::vector<consensus::PersistRecord> records;
  };
  void run(std::stop_token stop);

  storage::ConsensusStore& store_;
  Done on_done_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;    // a job was queued, or stop
  std::condition_variable finished_;    // a job was written
  std::deque<Job> queue_;               // guarded by mutex_
  std::uint64_t tickets_ = 0;           // guarded by mutex_: handed out
  std::uint64_t finished_tickets_ = 0;  // guarded by mutex_: reported
  std::jthread thread_;                 // last: starts after every member above exists
};

}  // namespace espresso
