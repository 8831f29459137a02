#include "tx_generator.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "api/client/http_client.hpp"
#include "api/client/http_url.hpp"
#include "types/bincode.hpp"

namespace espresso {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kMaxErrorsKept = 5;

// State shared by the workers and the reporting thread.
class SharedRun {
 public:
  SharedRun(const TxGeneratorOptions& options, const std::atomic<bool>& stop)
      : options_(options), stop_(stop), start_(Clock::now()) {
    for (const std::string& target : options.targets) report_.per_target.push_back({target});
  }

  // The first of the next `batch` transactions to send, how many of them there are (fewer than
  // `batch` at the end of a counted run) and when they are due; false when the run is over.
  bool claim(std::uint64_t& index, std::size_t& size, Clock::time_point& due) {
    const std::size_t batch = std::max<std::size_t>(options_.batch, 1);
    index = next_.fetch_add(batch);
    if (options_.count != 0 && index >= options_.count) return false;
    size = options_.count == 0
               ? batch
               : static_cast<std::size_t>(std::min<std::uint64_t>(batch, options_.count - index));
    due = start_;
    if (options_.rate > 0) {
      due += std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(static_cast<double>(index) / options_.rate));
    }
    if (options_.duration.count() > 0) {
      // With a rate, the schedule says when the run ends; without one, the clock does.
      const Clock::time_point now = Clock::now();
      if (due - start_ >= options_.duration || now - start_ >= options_.duration) return false;
    }
    return wait_until(due);
  }

  // A node answered `transactions` with 503 and they will be offered again.
  void record_busy(std::size_t transactions) {
    std::lock_guard lock(mutex_);
    report_.busy += transactions;
  }

  // Waits `pause` before a retry; false when the run is over meanwhile (stopped, or past its
  // duration).
  bool wait_to_retry(std::chrono::milliseconds pause) const {
    const Clock::time_point due = Clock::now() + pause;
    if (options_.duration.count() > 0 && due - start_ >= options_.duration) return false;
    return wait_until(due);
  }

  // `transactions` were sent to `target` in one request.
  void record(std::size_t target, std::size_t transactions, bool accepted, std::size_t bytes,
              std::string error) {
    std::lock_guard lock(mutex_);
    TargetStats& stats = report_.per_target[target];
    report_.sent += transactions;
    stats.sent += transactions;
    if (accepted) {
      report_.accepted += transactions;
      stats.accepted += transactions;
      report_.accepted_bytes += bytes;
    } else {
      report_.failed += transactions;
      stats.failed += transactions;
      if (report_.first_errors.size() < kMaxErrorsKept) report_.first_errors.push_back(error);
    }
  }

  TxGeneratorReport snapshot() const {
    std::lock_guard lock(mutex_);
    TxGeneratorReport copy = report_;
    copy.elapsed = Clock::now() - start_;
    return copy;
  }

  void worker_done() {
    std::lock_guard lock(mutex_);
    ++workers_done_;
    done_.notify_all();
  }

  // Waits up to `interval` for every worker to finish; true when they have.
  bool wait_workers(std::size_t workers, std::chrono::milliseconds interval) {
    std::unique_lock lock(mutex_);
    return done_.wait_for(lock, interval, [&] { return workers_done_ == workers; });
  }

 private:
  // Sleeps in short slices so that `stop` is seen promptly; false when stopped.
  bool wait_until(Clock::time_point due) const {
    constexpr auto kSlice = std::chrono::milliseconds(50);
    while (!stop_.load()) {
      const auto now = Clock::now();
      if (now >= due) return true;
      std::this_thread::sleep_for(std::min<Clock::duration>(due - now, kSlice));
    }
    return false;
  }

  const TxGeneratorOptions& options_;
  const std::atomic<bool>& stop_;
  const Clock::time_point start_;
  std::atomic<std::uint64_t> next_{0};
  mutable std::mutex mutex_;
  std::condition_variable done_;
  std::size_t workers_done_ = 0;
  TxGeneratorReport report_;
};

NamespaceId namespace_of(const TxGeneratorOptions& options, std::uint64_t index) {
  return options.namespaces[index % options.namespaces.size()];
}

// Submit answers are a commitment string (submit) or an array of one per transaction (batch); the
// transactions of any other answer cannot be told accepted and are not followed.
void report_accepted(const std::string& body, const SubmitBodyEncoder& encoder,
                     const TxGeneratorOptions& options, std::uint64_t index, std::size_t size,
                     bool single, Clock::time_point submitted_at) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  const bool answered = single ? json.is_string()
                               : json.is_array() && json.size() == size &&
                                     std::all_of(json.begin(), json.end(),
                                                 [](const auto& item) { return item.is_string(); });
  if (!answered) return;
  for (std::uint64_t i = index; i < index + size; ++i) {
    options.on_accepted(encoder.key(i, namespace_of(options, i)), submitted_at,
                        encoder.payload_size());
  }
}

// A transaction (single) or an array of `size` of them, from number `index` on.
std::string json_body(const SubmitBodyEncoder& encoder, const TxGeneratorOptions& options,
                      std::uint64_t index, std::size_t size, bool single) {
  std::string body = single ? "" : "[";
  for (std::uint64_t i = index; i < index + size; ++i) {
    if (i != index) body += ',';
    body += encoder.transaction_json(i, namespace_of(options, i));
  }
  if (!single) body += ']';
  return body;
}

std::string binary_body(const SubmitBodyEncoder& encoder, const TxGeneratorOptions& options,
                        std::uint64_t index, std::size_t size, bool single) {
  std::vector<Transaction> transactions;
  transactions.reserve(size);
  for (std::uint64_t i = index; i < index + size; ++i) {
    transactions.push_back(Transaction{namespace_of(options, i), encoder.payload(i)});
  }
  const Bytes bincode =
      single ? bincode::encode(transactions.front()) : bincode::encode(transactions);
  const Bytes framed = bincode::frame(HeaderVersion{0, 1}, bincode);
  return std::string(as_text(framed));
}

void run_worker(const TxGeneratorOptions& options, SharedRun& run) {
  HttpClientOptions client_options;
  client_options.read_timeout = options.request_timeout;
  std::vector<HttpClient> clients;  // one kept connection per target
  for (std::size_t i = 0; i < options.targets.size(); ++i) clients.emplace_back(client_options);

  const SubmitBodyEncoder encoder(options.seed, options.payload_size);
  std::uint64_t index = 0;
  std::size_t size = 0;
  Clock::time_point due;
  while (run.claim(index, size, due)) {
    // Batches rotate over the targets; the transactions of a batch over the namespaces.
    const std::size_t target =
        (index / std::max<std::size_t>(options.batch, 1)) % options.targets.size();
    const bool single = options.batch <= 1;
    std::string body = options.binary ? binary_body(encoder, options, index, size, single)
                                      : json_body(encoder, options, index, size, single);
    const std::size_t bytes = size * encoder.payload_size();
    const std::string url =
        join_url(options.targets[target], single ? "v0/submit/submit" : "v0/submit/batch");
    const char* content_type = options.binary ? "application/octet-stream" : "application/json";
    const bool retry_busy = options.busy_retry.count() > 0;
    Clock::time_point submitted_at = Clock::now();
    // The body is kept only when it may be sent again.
    auto response = clients[target].post(url, retry_busy ? body : std::move(body), content_type);
    while (retry_busy && response && response->status == 503) {
      run.record_busy(size);
      if (!run.wait_to_retry(options.busy_retry)) break;
      submitted_at = Clock::now();
      response = clients[target].post(url, body, content_type);
    }
    if (!response) {
      run.record(target, size, false, 0, response.error().message);
    } else if (!response->ok()) {
      run.record(target, size, false, 0,
                 "POST " + url + ": status " + std::to_string(response->status) + ": " +
                     response->body.substr(0, 200));
    } else {
      run.record(target, size, true, bytes, {});
      if (options.on_accepted) {
        report_accepted(response->body, encoder, options, index, size, single, submitted_at);
      }
    }
  }
  run.worker_done();
}

double per_second(double amount, std::chrono::nanoseconds elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  return seconds > 0 ? amount / seconds : 0;
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

}  // namespace

TxGeneratorReport run_tx_generator(const TxGeneratorOptions& options, const std::atomic<bool>& stop,
                                   const TxProgressCallback& progress) {
  SharedRun run(options, stop);
  const std::size_t workers = std::max<std::size_t>(options.workers, 1);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < workers; ++i) {
    threads.emplace_back([&options, &run] { run_worker(options, run); });
  }
  while (!run.wait_workers(workers, options.progress_interval)) {
    if (progress) progress(run.snapshot());
  }
  for (std::thread& thread : threads) thread.join();
  return run.snapshot();
}

std::string format_progress(const TxGeneratorReport& report) {
  return "sent " + std::to_string(report.sent) + " accepted " + std::to_string(report.accepted) +
         " failed " + std::to_string(report.failed) +
         (report.busy > 0 ? " busy " + std::to_string(report.busy) : std::string()) + " | " +
         fixed(per_second(static_cast<double>(report.accepted), report.elapsed), 1) + " tx/s " +
         fixed(per_second(static_cast<double>(report.accepted_bytes) / 1e6, report.elapsed), 2) +
         " MB/s";
}

std::string format_summary(const TxGeneratorReport& report) {
  std::string out =
      "summary: sent " + std::to_string(report.sent) + ", accepted " +
      std::to_string(report.accepted) + ", failed " + std::to_string(report.failed) + " in " +
      fixed(std::chrono::duration<double>(report.elapsed).count(), 2) + " s (" +
      fixed(per_second(static_cast<double>(report.accepted), report.elapsed), 1) + " tx/s, " +
      fixed(per_second(static_cast<double>(report.accepted_bytes) / 1e6, report.elapsed), 2) +
      " MB/s accepted)\n";
  for (const TargetStats& target : report.per_target) {
    out += "  " + target.target + ": sent " + std::to_string(target.sent) + ", accepted " +
           std::to_string(target.accepted) + ", failed " + std::to_string(target.failed) + "\n";
  }
  for (const std::string& error : report.first_errors) out += "  error: " + error + "\n";
  return out;
}

}  // namespace espresso
