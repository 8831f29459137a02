// sequencer: one Espresso sequencer node (seed operator guide). Parses the options and modules,
// assembles the node (node/runtime/sequencer_node.hpp) and runs it on one thread until SIGINT or
// SIGTERM, then stops cleanly. Bad configuration is reported as one clear error, exit status 1.

#include <chrono>
#include <csignal>
#include <functional>
#include <iostream>
#include <string>
#include <utility>  // before Asio (DESIGN.md §3)
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/cfg/env.h>
#include <spdlog/spdlog.h>

#include "common/keep_freed_memory.hpp"
#include "node/options/options_parser.hpp"
#include "node/runtime/orchestrator_join.hpp"
#include "node/runtime/sequencer_node.hpp"

int main(int argc, char** argv) {
  using namespace espresso;
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (auto help = requested_help(args)) {
    if (!*help) {
      std::cerr << "sequencer: " << help->error().message << "\n";
      return 1;
    }
    std::cout << **help;
    return 0;
  }
  auto options = parse_sequencer_options(args);
  if (!options) {
    std::cerr << "sequencer: " << options.error().message << "\n";
    return 1;
  }
  keep_freed_memory();
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  spdlog::cfg::load_env_levels();  // SPDLOG_LEVEL=debug shows every decided transaction

  try {
    boost::asio::io_context io;
    auto node = SequencerNode::create(io, *options, join_through_orchestrator);
    if (!node) {
      std::cerr << "sequencer: " << node.error().message << "\n";
      return 1;
    }
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    // The node may also stop on its own (its store failed); the watchdog notices and ends the
    // wait for signals, so io.run() returns.
    boost::asio::steady_timer watchdog(io);
    std::function<void()> watch = [&] {
      watchdog.expires_after(std::chrono::milliseconds(200));
      watchdog.async_wait([&](const auto& error) {
        if (error) return;
        if ((*node)->runtime().stopped()) {
          signals.cancel();
          (*node)->stop();
          return;
        }
        watch();
      });
    };
    watch();
    signals.async_wait([&](const auto& error, int signal) {
      if (error) return;
      spdlog::info("received signal {}: stopping", signal);
      watchdog.cancel();
      (*node)->stop();
    });
    io.run();
    if (auto fatal = (*node)->runtime().fatal_error()) {
      std::cerr << "sequencer: " << fatal->message << "\n";
      return 1;
    }
  } catch (const std::exception& error) {
    std::cerr << "sequencer: unexpected error: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
