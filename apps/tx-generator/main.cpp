// tx-generator: submits transactions to sequencer nodes' submit APIs and reports what happened.
// Ctrl-C (SIGINT) or SIGTERM stops it and prints the summary.

#include <atomic>
#include <cstdio>
#include <iostream>
#include <thread>

#include <pthread.h>
#include <signal.h>

#include "common/keep_freed_memory.hpp"
#include "tx_generator.hpp"
#include "tx_generator_cli.hpp"

int main(int argc, char** argv) {
  using namespace espresso;
  // Block the stop signals in every thread; one thread waits for them and raises the stop flag.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const std::vector<std::string> args(argv + 1, argv + argc);
  auto command = parse_tx_generator_args(args);
  if (!command) {
    std::cerr << "tx-generator: " << command.error().message << "\n";
    return 2;
  }
  if (!command->help.empty()) {
    std::cout << command->help;
    return 0;
  }

  keep_freed_memory();  // the watcher parses a block's JSON text of megabytes per block
  std::atomic<bool> stop{false};
  std::thread signal_waiter([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    stop = true;
  });

  const TxGeneratorOptions& options = command->options;
  std::cout << "tx-generator: " << options.targets.size() << " target(s), "
            << options.namespaces.size() << " namespace(s), " << options.payload_size
            << " bytes per transaction, ";
  if (options.rate > 0) {
    std::cout << "rate " << options.rate << " tx/s\n";
  } else {
    std::cout << "no rate limit\n";
  }
  std::cout << std::flush;
  const auto print_progress = [](const TxGeneratorReport& progress) {
    std::cout << "progress: " << format_progress(progress) << "\n" << std::flush;
  };
  TxGeneratorReport report;
  if (command->watch) {
    std::cout << "tx-generator: following decided blocks of " << command->watch->watcher.url << "\n"
              << std::flush;
    const WatchedRunReport watched = run_watched(
        options, *command->watch, stop, print_progress, [](const DecidedBlockReport& block) {
          std::cout << format_decided_block(block) << "\n" << std::flush;
        });
    report = watched.submitted;
    std::cout << format_summary(report) << format_decide_summary(watched.decided) << "\n";
    if (!watched.watch_error.empty()) std::cout << "watch error: " << watched.watch_error << "\n";
    std::cout << std::flush;
  } else {
    report = run_tx_generator(options, stop, print_progress);
    std::cout << format_summary(report) << std::flush;
  }

  // Wake the signal thread if no signal came, then let it finish.
  if (!stop.exchange(true)) pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  return report.sent > 0 && report.accepted == 0 ? 1 : 0;
}
