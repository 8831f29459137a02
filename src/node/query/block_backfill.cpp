#include "node/query/block_backfill.hpp"

#include <algorithm>
#include <optional>

#include <spdlog/spdlog.h>

namespace espresso::node_query {

BlockBackfill::BlockBackfill(StoreOpener open_store, BackfillOptions options)
    : open_store_(std::move(open_store)), options_(std::move(options)) {
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

BlockBackfill::~BlockBackfill() {
  thread_.request_stop();
  changed_.notify_all();
}

void BlockBackfill::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  changed_.notify_all();
}

void BlockBackfill::run(std::stop_token stop) {
  std::unique_ptr<storage::QueryStore> store;
  std::optional<fetch::BlockFetcher> fetcher;
  std::chrono::milliseconds retry{0};  // after a failed round: when to try again
  auto back_off = [&] {
    retry = std::min(retry.count() > 0 ? retry * 2 : options_.first_retry_delay,
                     options_.max_retry_delay);
  };
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(mutex_);
      auto woken = [this] { return woken_; };
      if (retry.count() > 0) {
        changed_.wait_for(lock, stop, retry, woken);
      } else {
        changed_.wait(lock, stop, woken);
      }
      if (stop.stop_requested()) return;
      woken_ = false;
    }
    if (!store) {
      auto opened = open_store_();
      if (!opened) {
        spdlog::warn("catch-up: cannot open the query store: {}", opened.error().message);
        back_off();
        continue;
      }
      store = std::move(*opened);
      fetcher.emplace(*store, options_.fetch);
    }
    if (run_round(*fetcher, stop)) {
      retry = std::chrono::milliseconds{0};
    } else {
      back_off();
    }
  }
}

bool BlockBackfill::run_round(fetch::BlockFetcher& fetcher, std::stop_token stop) {
  rounds_.fetch_add(1);
  auto report = fetcher.fill_gaps(stop);
  if (!report) {
    failed_rounds_.fetch_add(1);
    spdlog::warn("catch-up: missing blocks not fetched yet (retrying): {}", report.error().message);
    return false;
  }
  blocks_fetched_.fetch_add(report->blocks_stored);
  if (report->blocks_stored > 0) {
    spdlog::info("catch-up: fetched and verified {} missing blocks from peers",
                 report->blocks_stored);
  }
  return true;
}

}  // namespace espresso::node_query
