#pragma once
// A tx-generator run followed to decision: the generator submits while a block watcher follows one
// node's decided blocks; after the last submit the watch goes on until every accepted transaction
// was seen decided or `drain` passed.

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "block_watcher.hpp"
#include "decide_tracker.hpp"
#include "tx_generator.hpp"

namespace espresso {

struct WatchOptions {
  BlockWatcherOptions watcher;
  std::chrono::milliseconds drain{30'000};
};

struct WatchedRunReport {
  TxGeneratorReport submitted;
  DecideSummary decided;
  std::string watch_error;  // empty unless the watcher gave up
};

using DecidedBlockReportCallback = std::function<void(const DecidedBlockReport&)>;

// `on_block` is called from the watcher thread for every decided block.
WatchedRunReport run_watched(TxGeneratorOptions options, const WatchOptions& watch,
                             const std::atomic<bool>& stop, const TxProgressCallback& progress = {},
                             const DecidedBlockReportCallback& on_block = {});

}  // namespace espresso
