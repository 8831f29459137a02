// The persist worker appends in queue order on its own thread, reports each ticket in order,
// stops appending after a failure, and drains its queue before it goes.
#include "node/runtime/persist_worker.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include <gtest/gtest.h>

namespace espresso {
namespace {

using consensus::PersistRecord;
using consensus::PersistVotedView;

// Records the voted views it is given; can hold appends back and fail one on purpose.
class RecordingStore final : public storage::ConsensusStore {
 public:
  Status append(std::span<const PersistRecord> records) override {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return open; });
    for (const auto& record : records) {
      const auto view = std::get<PersistVotedView>(record).view;
      if (view == fail_view) return fail("disk full at view " + std::to_string(view));
      appended.push_back(view);
    }
    return {};
  }
  Result<consensus::PersistedState> load() override { return consensus::PersistedState{}; }

  void set_open(bool value) {
    {
      std::lock_guard lock(mutex);
      open = value;
    }
    changed.notify_all();
  }

  std::mutex mutex;
  std::condition_variable changed;
  bool open = true;
  std::uint64_t fail_view = 0;  // 0: none
  std::vector<std::uint64_t> appended;
};

// What the worker reported, collected from its thread.
struct Reports {
  void add(std::uint64_t ticket, Status outcome) {
    std::lock_guard lock(mutex);
    tickets.push_back(ticket);
    errors.push_back(outcome ? std::string() : outcome.error().message);
    changed.notify_all();
  }
  bool wait_for(std::size_t count) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(10),
                            [&] { return tickets.size() >= count; });
  }
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::uint64_t> tickets;
  std::vector<std::string> errors;  // empty: that append succeeded
};

std::vector<PersistRecord> voted(std::initializer_list<std::uint64_t> views) {
  std::vector<PersistRecord> records;
  for (const auto view : views) records.emplace_back(PersistVotedView{view});
  return records;
}

TEST(PersistWorker, AppendsInQueueOrderAndReportsEachTicketInOrder) {
  RecordingStore store;
  Reports reports;
  PersistWorker worker(store, [&](std::uint64_t t, Status s) { reports.add(t, std::move(s)); });
  store.set_open(false);  // queue several before any is written
  EXPECT_EQ(worker.submit(voted({1, 2})), 1u);
  EXPECT_EQ(worker.submit(voted({3})), 2u);
  EXPECT_EQ(worker.submit(voted({4, 5})), 3u);
  store.set_open(true);
  ASSERT_TRUE(reports.wait_for(3));
  EXPECT_EQ(reports.tickets, (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_EQ(reports.errors, std::vector<std::string>(3));
  std::lock_guard lock(store.mutex);
  EXPECT_EQ(store.appended, (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
}

TEST(PersistWorker, AfterAFailedAppendNothingMoreReachesTheStore) {
  RecordingStore store;
  store.fail_view = 2;
  Reports reports;
  PersistWorker worker(store, [&](std::uint64_t t, Status s) { reports.add(t, std::move(s)); });
  worker.submit(voted({1}));
  worker.submit(voted({2}));
  worker.submit(voted({3}));
  ASSERT_TRUE(reports.wait_for(3));
  EXPECT_EQ(reports.errors[0], "");
  EXPECT_EQ(reports.errors[1], "disk full at view 2");
  EXPECT_EQ(reports.errors[2], "disk full at view 2");  // view 3 never written after it
  std::lock_guard lock(store.mutex);
  EXPECT_EQ(store.appended, (std::vector<std::uint64_t>{1}));
}

TEST(PersistWorker, WaitingForTheQueueReturnsOnceTheDiskCatchesUp) {
  RecordingStore store;
  Reports reports;
  PersistWorker worker(store, [&](std::uint64_t t, Status s) { reports.add(t, std::move(s)); });
  worker.wait_while_queued_above(0);  // nothing queued: returns at once
  store.set_open(false);
  for (std::uint64_t view = 1; view <= 4; ++view) worker.submit(voted({view}));
  EXPECT_EQ(worker.queued(), 4u);
  store.set_open(true);
  worker.wait_while_queued_above(1);
  EXPECT_LE(worker.queued(), 1u);
  worker.wait_while_queued_above(0);
  EXPECT_EQ(worker.queued(), 0u);
  std::lock_guard lock(store.mutex);
  EXPECT_EQ(store.appended.size(), 4u);
}

TEST(PersistWorker, GoingAwayFinishesTheQueuedAppends) {
  RecordingStore store;
  Reports reports;
  store.set_open(false);
  {
    PersistWorker worker(store, [&](std::uint64_t t, Status s) { reports.add(t, std::move(s)); });
    worker.submit(voted({7}));
    worker.submit(voted({8}));
    store.set_open(true);
  }  // joins here
  EXPECT_EQ(reports.tickets, (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(store.appended, (std::vector<std::uint64_t>{7, 8}));
}

}  // namespace
}  // namespace espresso
