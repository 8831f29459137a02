#pragma once
// Follows the transactions tx-generator submitted to their decision: remembers each accepted
// transaction's key (transaction_key, submit_body.hpp) with its submit time, and, for every decided
// block seen on a node, reports the block and the submit→decide latency of our own transactions in
// it. Thread-safe: the submitting workers and the block watcher call it concurrently.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace espresso {

using DecideClock = std::chrono::steady_clock;

// A decided block as the watcher saw it: its transactions' keys in block order.
struct DecidedBlock {
  std::uint64_t height = 0;
  std::vector<std::string> transaction_keys;
  std::size_t payload_bytes = 0;
};

struct DecidedBlockReport {
  std::uint64_t height = 0;
  std::size_t transactions = 0;
  std::size_t payload_bytes = 0;
  std::size_t own_transactions = 0;  // of them, submitted by us (latency known)
  std::optional<double> own_latency_p50_ms;
  std::optional<double> own_latency_max_ms;
};

struct DecideSummary {
  std::uint64_t submitted = 0;  // accepted by a node
  std::uint64_t finalized = 0;  // of them, seen in a decided block
  std::uint64_t finalized_bytes = 0;
  std::uint64_t never_decided = 0;  // submitted - finalized
  std::uint64_t blocks = 0;         // decided blocks seen
  // From the first submit to the last decide of one of ours; 0 when nothing was decided.
  std::chrono::nanoseconds window{0};
  double finalized_mb_per_s = 0;  // finalized_bytes / window, 1 MB = 10^6 bytes
  std::optional<double> latency_p50_ms;
  std::optional<double> latency_p99_ms;
};

class DecideTracker {
 public:
  // A node accepted the transaction with this key, submitted at `at`, of `bytes` payload.
  void submitted(std::string key, DecideClock::time_point at, std::size_t bytes);
  // A block was seen decided at `at`; returns its line for the log.
  DecidedBlockReport decided(const DecidedBlock& block, DecideClock::time_point at);

  DecideSummary summary() const;
  // Submitted transactions not yet seen decided.
  std::size_t pending() const;

 private:
  struct Submission {
    DecideClock::time_point at;
    std::size_t bytes = 0;
  };
  void finalize(const Submission& submission, DecideClock::time_point decided_at);

  mutable std::mutex mutex_;
  std::unordered_map<std::string, Submission> pending_;
  // Decided before its submit answer came back (the watcher can be quicker than the worker).
  std::unordered_map<std::string, DecideClock::time_point> decided_early_;
  std::vector<double> latencies_ms_;
  std::uint64_t submitted_ = 0;
  std::uint64_t finalized_bytes_ = 0;
  std::uint64_t blocks_ = 0;
  std::optional<DecideClock::time_point> first_submit_;
  std::optional<DecideClock::time_point> last_decide_;
};

// The value below which `fraction` (0..1) of `values` lie (nearest rank); nothing when empty.
std::optional<double> percentile(std::vector<double> values, double fraction);

// "block 12: 40 tx, 40960 bytes, ours 38, latency p50 120.5 ms max 180.2 ms"
std::string format_decided_block(const DecidedBlockReport& report);
// Finalized transactions, MB/s, latency p50/p99 and the never decided, on one line.
std::string format_decide_summary(const DecideSummary& summary);

}  // namespace espresso
