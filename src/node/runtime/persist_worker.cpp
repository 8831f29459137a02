#include "node/runtime/persist_worker.hpp"

#include <optional>
#include <utility>

namespace espresso {

PersistWorker::PersistWorker(storage::ConsensusStore& store, Done on_done)
    : store_(store),
      on_done_(std::move(on_done)),
      thread_([this](std::stop_token stop) { run(stop); }) {}

PersistWorker::~PersistWorker() {
  thread_.request_stop();
  // jthread's destructor joins after the loop has drained the queue.
}

std::uint64_t PersistWorker::submit(std::vector<consensus::PersistRecord> batch) {
  std::uint64_t ticket = 0;
  {
    std::lock_guard lock(mutex_);
    ticket = ++tickets_;
    queue_.push_back(Job{ticket, std::move(batch)});
  }
  wake_.notify_one();
  return ticket;
}

void PersistWorker::run(std::stop_token stop) {
  std::optional<Error> failed;
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      // Returns false only when stop was requested and the queue is empty.
      if (!wake_.wait(lock, stop, [this] { return !queue_.empty(); })) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    Status outcome = failed ? Status(fail(*failed)) : store_.append(job.records);
    if (!outcome && !failed) failed = outcome.error();
    job.records.clear();  // the payloads go before the driver hears of it
    on_done_(job.ticket, std::move(outcome));
    {
      std::lock_guard lock(mutex_);
      finished_tickets_ = job.ticket;
    }
    finished_.notify_all();
  }
}

void PersistWorker::wait_while_queued_above(std::size_t limit) {
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [&] { return tickets_ - finished_tickets_ <= limit; });
}

std::size_t PersistWorker::queued() const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(tickets_ - finished_tickets_);
}

}  // namespace espresso
