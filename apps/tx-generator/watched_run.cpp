#include "watched_run.hpp"

#include <thread>

#include <nlohmann/json.hpp>

#include "api/client/http_url.hpp"

namespace espresso {

WatchedRunReport run_watched(TxGeneratorOptions options, const WatchOptions& watch,
                             const std::atomic<bool>& stop, const TxProgressCallback& progress,
                             const DecidedBlockReportCallback& on_block) {
  DecideTracker tracker;
  options.on_accepted = [&tracker](std::string key, DecideClock::time_point at, std::size_t bytes) {
    tracker.submitted(std::move(key), at, bytes);
  };

  // The watcher starts before the first submit, so that it sees every block from now on.
  BlockWatcherOptions watcher_options = watch.watcher;
  if (!watcher_options.start_height) {
    HttpClient client;
    auto height = client.get_json(join_url(watcher_options.url, "v0/status/block-height"));
    if (height && height->is_number_integer() && height->get<std::int64_t>() >= 0) {
      watcher_options.start_height = height->get<std::uint64_t>();
    }
  }
  std::atomic<bool> stop_watching{false};
  std::atomic<bool> watcher_done{false};
  Status watch_status;
  std::thread watcher([&] {
    watch_status = run_block_watcher(watcher_options, stop_watching,
                                     [&](const DecidedBlock& block, DecideClock::time_point at) {
                                       const DecidedBlockReport report = tracker.decided(block, at);
                                       if (on_block) on_block(report);
                                     });
    watcher_done = true;
  });

  WatchedRunReport report;
  report.submitted = run_tx_generator(options, stop, progress);
  const auto drain_end = DecideClock::now() + watch.drain;
  while (!stop.load() && !watcher_done.load() && tracker.pending() > 0 &&
         DecideClock::now() < drain_end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop_watching = true;
  watcher.join();
  report.decided = tracker.summary();
  if (!watch_status) report.watch_error = watch_status.error().message;
  return report;
}

}  // namespace espresso
