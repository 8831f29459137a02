#include "tx_generator_cli.hpp"

#include <random>

#include <CLI/CLI.hpp>

#include "api/client/http_url.hpp"
#include "common/units.hpp"

namespace espresso {
namespace {

constexpr std::uint64_t kMaxPayloadBytes = 64ull << 20;

std::string in_quotes(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

Result<double> parse_rate(const std::string& text) {
  std::size_t used = 0;
  double rate = -1;
  try {
    rate = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(rate >= 0) || rate > 1e9) {
    return fail("--rate: expected transactions per second (a number >= 0; 0 = no limit), got " +
                in_quotes(text));
  }
  return rate;
}

}  // namespace

Result<TxGeneratorCommand> parse_tx_generator_args(std::span<const std::string> args) {
  CLI::App app{
      "Submits transactions to the submit API of one or more sequencer nodes "
      "(POST <url>/v0/submit/submit), round-robin over the targets and namespaces, and prints "
      "progress and a summary (sent, accepted, failed).",
      "tx-generator"};
  std::vector<std::string> urls;
  std::vector<std::uint64_t> namespaces{1, 2, 3, 4};
  std::string size = "1KiB";
  std::string rate = "10";
  std::uint64_t count = 0;
  std::string duration = "0";
  std::size_t workers = 1;
  std::size_t batch = 1;
  bool binary = false;
  std::string progress = "1s";
  std::string timeout = "10s";
  std::string busy_retry = "0";
  std::uint64_t seed = std::random_device{}();
  std::string watch_url;
  std::string watch_poll = "10ms";
  std::string watch_drain = "30s";

  app.add_option("-u,--url", urls, "Base URL of a node's HTTP API, e.g. http://127.0.0.1:50000")
      ->delimiter(',')
      ->required();
  app.add_option("-n,--namespaces", namespaces, "Namespace ids to spread transactions over")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("-s,--size", size, "Payload bytes per transaction (1024, 100KiB, 1MB)")
      ->capture_default_str();
  app.add_option("-r,--rate", rate, "Transactions per second over all targets (0: no limit)")
      ->capture_default_str();
  app.add_option("-c,--count", count, "Transactions in total (0: until --duration or Ctrl-C)")
      ->capture_default_str();
  app.add_option("-d,--duration", duration, "How long to run (30s, 5m; 0: until --count or Ctrl-C)")
      ->capture_default_str();
  app.add_option("-w,--workers", workers, "Sending threads (each keeps a connection per target)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{256}))
      ->capture_default_str();
  app.add_option("-b,--batch", batch,
                 "Transactions per request (more than 1: POST arrays to <url>/v0/submit/batch)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}))
      ->capture_default_str();
  app.add_flag("--binary", binary,
               "Send binary bodies (Content-Type application/octet-stream: the API version 0.1 "
               "as two u16 LE, then bincode) instead of JSON with base64 payloads");
  app.add_option("--progress-interval", progress, "Time between progress lines")
      ->capture_default_str();
  app.add_option("--timeout", timeout, "Time to wait for each response")->capture_default_str();
  app.add_option("--busy-retry", busy_retry,
                 "When a node answers 503 (its mempool is full), wait this long and offer the same "
                 "transactions to it again, until accepted or the run ends (50ms; 0: count them "
                 "failed and go on)")
      ->capture_default_str();
  app.add_option("--seed", seed, "Seed of the payload contents (default: random)");
  app.add_option("--watch", watch_url,
                 "Base URL of a node whose decided blocks to follow (its availability API): prints "
                 "each block with the submit-to-decide latency of our transactions in it");
  app.add_option("--watch-poll", watch_poll, "Time between asks for a block not decided yet")
      ->capture_default_str();
  app.add_option("--watch-drain", watch_drain,
                 "After the last submit, how long to wait for our transactions to be decided")
      ->capture_default_str();

  TxGeneratorCommand command;
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them reversed
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    command.help = app.help();
    return command;
  } catch (const CLI::ParseError& error) {
    return fail(error.what());
  }

  TxGeneratorOptions& options = command.options;
  for (const std::string& url : urls) {
    if (auto parsed = parse_http_url(url); !parsed) {
      return fail("--url: " + parsed.error().message);
    }
  }
  options.targets = urls;
  for (std::uint64_t ns : namespaces) {
    if (ns > kMaxNamespaceId) {
      return fail("--namespaces: " + std::to_string(ns) + " is above the largest namespace id " +
                  std::to_string(kMaxNamespaceId));
    }
  }
  if (namespaces.empty()) return fail("--namespaces: give at least one namespace id");
  options.namespaces.assign(namespaces.begin(), namespaces.end());

  auto bytes = parse_byte_size(size);
  if (!bytes) return fail("--size: " + bytes.error().message);
  if (*bytes < 16 || *bytes > kMaxPayloadBytes) {
    return fail("--size: expected 16 bytes to 64 MiB, got " + in_quotes(size));
  }
  options.payload_size = *bytes;

  auto parsed_rate = parse_rate(rate);
  if (!parsed_rate) return fail(std::move(parsed_rate).error());
  options.rate = *parsed_rate;
  options.count = count;

  auto parsed_duration = parse_duration(duration);
  if (!parsed_duration) return fail("--duration: " + parsed_duration.error().message);
  options.duration = *parsed_duration;

  auto interval = parse_duration(progress);
  if (!interval || *interval < std::chrono::milliseconds(10)) {
    return fail("--progress-interval: expected a duration of at least 10ms, got " +
                in_quotes(progress));
  }
  options.progress_interval = std::chrono::duration_cast<std::chrono::milliseconds>(*interval);

  auto request_timeout = parse_duration(timeout);
  if (!request_timeout || *request_timeout < std::chrono::milliseconds(1)) {
    return fail("--timeout: expected a duration of at least 1ms, got " + in_quotes(timeout));
  }
  options.request_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(*request_timeout);
  auto retry = parse_duration(busy_retry);
  if (!retry) return fail("--busy-retry: " + retry.error().message);
  if (*retry > std::chrono::minutes(1)) {
    return fail("--busy-retry: expected at most 1m, got " + in_quotes(busy_retry));
  }
  options.busy_retry = std::chrono::duration_cast<std::chrono::milliseconds>(*retry);
  options.workers = workers;
  options.batch = batch;
  options.binary = binary;
  options.seed = seed;

  if (!watch_url.empty()) {
    if (auto parsed = parse_http_url(watch_url); !parsed) {
      return fail("--watch: " + parsed.error().message);
    }
    WatchOptions watch;
    watch.watcher.url = watch_url;
    watch.watcher.request_timeout = options.request_timeout;
    auto poll = parse_duration(watch_poll);
    if (!poll || *poll < std::chrono::milliseconds(1)) {
      return fail("--watch-poll: expected a duration of at least 1ms, got " +
                  in_quotes(watch_poll));
    }
    watch.watcher.poll_interval = std::chrono::duration_cast<std::chrono::milliseconds>(*poll);
    auto drain = parse_duration(watch_drain);
    if (!drain) return fail("--watch-drain: " + drain.error().message);
    watch.drain = std::chrono::duration_cast<std::chrono::milliseconds>(*drain);
    command.watch = watch;
  }
  return command;
}

}  // namespace espresso
