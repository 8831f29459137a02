#pragma once
// Keeps the query store free of holes (issue 7: "missing data is fetched from --peers / state peers
// and verified before it is stored"). A thread runs the BlockFetcher whenever the store may have
// a gap: at start-up once a block is stored (a restart can leave a hole below the first block
// decided after it; a node that joined late has nothing below its first decided block), and each
// time the writer stores a batch that does not continue the blocks before it (it dropped a batch,
// or consensus jumped ahead). The fetcher trusts only blocks this node decided itself, so a peer
// can never make it store a block that is not in the decided chain. Failed rounds are retried
// with a growing delay.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "common/result.hpp"
#include "node/fetch/block_fetcher.hpp"
#include "storage/query_store.hpp"

namespace espresso::node_query {

struct BackfillOptions {
  fetch::FetchOptions fetch;
  std::chrono::milliseconds first_retry_delay{1'000};  // after a failed round; doubles each time
  std::chrono::milliseconds max_retry_delay{30'000};
};

class BlockBackfill {
 public:
  using StoreOpener = std::function<Result<std::unique_ptr<storage::QueryStore>>()>;

  // Starts the thread; it opens its own store connection with `open_store` and waits for wake().
  BlockBackfill(StoreOpener open_store, BackfillOptions options);
  ~BlockBackfill();  // stops between two chunks and joins
  BlockBackfill(const BlockBackfill&) = delete;
  BlockBackfill& operator=(const BlockBackfill&) = delete;

  // The store may have a gap now: run a round soon (never blocks).
  void wake();

  std::uint64_t blocks_fetched() const { return blocks_fetched_.load(); }
  std::uint64_t rounds() const { return rounds_.load(); }
  std::uint64_t failed_rounds() const { return failed_rounds_.load(); }

 private:
  void run(std::stop_token stop);
  // One fill_gaps round; true when it ended without an error.
  bool run_round(fetch::BlockFetcher& fetcher, std::stop_token stop);

  StoreOpener open_store_;
  BackfillOptions options_;
  std::mutex mutex_;
  std::condition_variable_any changed_;
  bool woken_ = false;
  std::atomic<std::uint64_t> blocks_fetched_{0};
  std::atomic<std::uint64_t> rounds_{0};
  std::atomic<std::uint64_t> failed_rounds_{0};
  std::jthread thread_;  // last: starts after every member above exists
};

}  // namespace espresso::node_query
