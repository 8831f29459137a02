#pragma once
// Load generator for the submit API: sends transactions to one or more nodes
// (`POST <target>/v0/submit/submit` with {"namespace", "payload" (base64)}, or arrays of them to
// `submit/batch`), spread round-robin
// over the targets and namespaces, at a steady rate, from several worker threads, and counts what
// was sent, accepted (2xx) and failed.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "submit_body.hpp"
#include "types/transaction.hpp"

namespace espresso {

// A node accepted a transaction (answered its "TX~..." commitment): the transaction's key
// (transaction_key), when the request was sent and the payload bytes. Called from the worker
// threads.
using TxAcceptedCallback = std::function<void(
    std::string key, std::chrono::steady_clock::time_point submitted_at, std::size_t bytes)>;

struct TxGeneratorOptions {
  std::vector<std::string> targets;  // base URLs of nodes' HTTP APIs, "http://host:port"
  std::vector<NamespaceId> namespaces{1, 2, 3, 4};
  std::size_t payload_size = 1024;       // bytes per transaction
  double rate = 10;                      // transactions per second over all targets; 0: no limit
  std::uint64_t count = 0;               // transactions in total; 0: until `duration` or stop
  std::chrono::nanoseconds duration{0};  // 0: until `count` or stop
  std::size_t workers = 1;               // threads, each with one connection per target
  // Transactions per request: 1 posts each to submit/submit, more post arrays to submit/batch.
  std::size_t batch = 1;
  // Binary bodies (Content-Type application/octet-stream: the API version 0.1, then bincode), as
  // upstream clients may send, instead of JSON with base64 payloads.
  bool binary = false;
  std::chrono::milliseconds progress_interval{1000};
  std::chrono::milliseconds request_timeout{10'000};
  std::uint64_t seed = 0;  // payload contents; each transaction's is unique within a run
  // A node answers 503 when its mempool is full. With a positive value the worker waits this long
  // and offers the same transactions to the same node again (as a rollup would) until accepted or
  // the run ends; 0 counts them failed at once and goes on with the next.
  std::chrono::milliseconds busy_retry{0};
  TxAcceptedCallback on_accepted;  // optional: follow accepted transactions to their decision
};

struct TargetStats {
  std::string target;
  std::uint64_t sent = 0;
  std::uint64_t accepted = 0;
  std::uint64_t failed = 0;
};

struct TxGeneratorReport {
  std::uint64_t sent = 0;
  std::uint64_t accepted = 0;
  std::uint64_t failed = 0;
  std::uint64_t busy = 0;  // 503 answers waited out and retried (busy_retry), not in `sent`
  std::uint64_t accepted_bytes = 0;  // payload bytes of accepted transactions
  std::chrono::nanoseconds elapsed{0};
  std::vector<TargetStats> per_target;
  std::vector<std::string> first_errors;  // the first few failures, for the summary
};

// Called every `progress_interval` with a snapshot, from the calling thread.
using TxProgressCallback = std::function<void(const TxGeneratorReport&)>;

// Runs until `count` transactions were sent, `duration` passed or `stop` became true, and returns
// the totals. Needs at least one target and one namespace (checked by the CLI parser).
TxGeneratorReport run_tx_generator(const TxGeneratorOptions& options, const std::atomic<bool>& stop,
                                   const TxProgressCallback& progress = {});

// "sent 120 accepted 118 failed 2 | 40.0 tx/s 0.04 MB/s"
std::string format_progress(const TxGeneratorReport& report);
// Totals, rates, per-target counts and the first errors, one item per line.
std::string format_summary(const TxGeneratorReport& report);

}  // namespace espresso
