// Network throughput and latency: an orchestrator and 4 sequencer processes on loopback (the
// commands of scripts/demo.sh), loaded by the tx-generator library with 1 KiB and 100 KiB
// transactions below saturation and with 100 KiB ones above it (the network's capacity). After a
// warm-up load (printed, not counted), each load run follows node 0's decided blocks (run_watched)
// and reports finalized MB/s and submit→decide latency p50/p99; the baseline is the same load on
// the submit endpoints alone, without waiting for decisions (run_tx_generator). Medians of several
// runs; ends with `bench:` lines. Submits binary bodies (bincode) unless --json. Every process is
// killed and the temporary folder removed at exit, also on errors and on Ctrl-C.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <pthread.h>
#include <unistd.h>

#include "common/keep_freed_memory.hpp"
#include "local_network.hpp"
#include "watched_run.hpp"

namespace {

using namespace espresso;
namespace fs = std::filesystem;

struct LoadShape {
  std::string name;  // "1kib"
  std::size_t payload_size = 0;
  // Transactions/s in the watched runs; > 0, since the generator ends a duration-bounded run
  // only when a rate is set.
  double rate = 1;
  std::size_t batch = 1;
  // Also the same load on the submit endpoints alone; the saturated shape shares 100kib's.
  bool baseline = true;
};

struct BenchOptions {
  fs::path bin_dir;
  fs::path genesis_file;
  int runs = 3;
  int seconds = 10;
  // A first watched load, printed but left out of the medians: the first run after start-up was
  // about 10% slower than the next ones (new files, cold caches, empty mempools).
  int warmup_seconds = 10;
  std::size_t workers = 4;
  // Blocks of up to 8 MiB: under saturation each view then carries about twice the 4 MB that
  // blocks reached before, and the views' fixed costs weigh half as much (docs/performance.md).
  // Below saturation blocks are as large as what waits, whatever the limit. 0: the genesis file's.
  std::uint64_t max_block_size = 8 << 20;
  bool json = false;      // submit JSON bodies instead of binary ones
  int busy_retry_ms = 0;  // > 0: a 503 (full mempool) is waited out and retried
  std::vector<LoadShape> shapes;
};

struct ShapeFigures {
  double finalized_mb_s = 0;
  double latency_p50_ms = 0;
  double latency_p99_ms = 0;
  double submit_mb_s = 0;
  double cpu_ms_per_mb = 0;  // the 4 sequencers' CPU time over a watched run / MB it finalized
};

// A private folder under the temporary directory, removed with everything in it.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "espresso-netbench-genesis.XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Handles SIGINT/SIGTERM in a thread (blocked everywhere else), so that a Ctrl-C stops the load and
// lets the destructors kill the network and remove its folder.
class StopOnSignal {
 public:
  StopOnSignal() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    thread_ = std::thread([this] {
      const timespec tick{0, 200'000'000};
      while (!done_.load()) {
        if (sigtimedwait(&signals_, nullptr, &tick) > 0) {
          std::fprintf(stderr, "netbench: signal received, stopping\n");
          stop_ = true;
        }
      }
    });
  }
  ~StopOnSignal() {
    done_ = true;
    thread_.join();
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

  const std::atomic<bool>& stop() const { return stop_; }

 private:
  sigset_t signals_{};
  std::atomic<bool> stop_{false};
  std::atomic<bool> done_{false};
  std::thread thread_;
};

TxGeneratorOptions load_options(const BenchOptions& bench, const LoadShape& shape,
                                const std::vector<std::string>& targets, std::uint64_t seed) {
  TxGeneratorOptions options;
  options.targets = targets;
  options.payload_size = shape.payload_size;
  options.rate = shape.rate;
  options.batch = shape.batch;
  options.binary = !bench.json;
  options.workers = bench.workers;
  options.duration = std::chrono::seconds(bench.seconds);
  options.progress_interval = std::chrono::milliseconds(3600'000);
  options.seed = seed;
  options.busy_retry = std::chrono::milliseconds(bench.busy_retry_ms);
  return options;
}

double submit_mb_s(const TxGeneratorReport& report) {
  const double seconds = std::chrono::duration<double>(report.elapsed).count();
  return seconds > 0 ? static_cast<double>(report.accepted_bytes) / 1e6 / seconds : 0;
}

// A pause between runs, so that one run's backlog counts less against the next.
void settle(const std::atomic<bool>& stop, std::chrono::seconds pause) {
  const auto end = std::chrono::steady_clock::now() + pause;
  while (!stop.load() && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// One watched run at `shape`'s load for bench.warmup_seconds, reported and not counted.
void warm_up(const BenchOptions& bench, const LoadShape& shape, bench::LocalNetwork& network,
             const std::atomic<bool>& stop, std::uint64_t& seed) {
  TxGeneratorOptions options = load_options(bench, shape, network.node_urls(), ++seed);
  options.duration = std::chrono::seconds(bench.warmup_seconds);
  WatchOptions watch;
  watch.watcher.url = network.node_urls()[0];
  watch.drain = std::chrono::milliseconds(30'000);
  const auto report = run_watched(options, watch, stop);
  std::printf("%s warm-up run (not counted): %s | %s\n", shape.name.c_str(),
              format_progress(report.submitted).c_str(),
              format_decide_summary(report.decided).c_str());
  std::fflush(stdout);
  settle(stop, std::chrono::seconds(3));
}

ShapeFigures measure(const BenchOptions& bench, const LoadShape& shape,
                     bench::LocalNetwork& network, const std::atomic<bool>& stop,
                     std::uint64_t& seed) {
  std::vector<double> finalized, p50, p99, submitted, cpu_per_mb;
  for (int run = 0; run < bench.runs && !stop.load(); ++run) {
    WatchOptions watch;
    watch.watcher.url = network.node_urls()[0];
    watch.drain = std::chrono::milliseconds(30'000);
    const double cpu_before = network.sequencers_cpu_seconds();
    auto report = run_watched(load_options(bench, shape, network.node_urls(), ++seed), watch, stop);
    const double cpu_seconds = network.sequencers_cpu_seconds() - cpu_before;
    const DecideSummary& decided = report.decided;
    std::printf("%s watched run %d: %s | %s%s%s\n", shape.name.c_str(), run + 1,
                format_progress(report.submitted).c_str(), format_decide_summary(decided).c_str(),
                report.watch_error.empty() ? "" : " | watch error: ", report.watch_error.c_str());
    if (!report.submitted.first_errors.empty()) {
      std::printf("  first submit error: %s\n", report.submitted.first_errors.front().c_str());
    }
    std::fflush(stdout);
    finalized.push_back(decided.finalized_mb_per_s);
    p50.push_back(decided.latency_p50_ms.value_or(0));
    p99.push_back(decided.latency_p99_ms.value_or(0));
    const double megabytes = static_cast<double>(decided.finalized_bytes) / 1e6;
    if (megabytes > 0) cpu_per_mb.push_back(cpu_seconds * 1000 / megabytes);
    std::printf("  sequencers' CPU %.1f s, %.1f ms per finalized MB\n", cpu_seconds,
                megabytes > 0 ? cpu_seconds * 1000 / megabytes : 0.0);
    settle(stop, std::chrono::seconds(3));
  }
  for (int run = 0; shape.baseline && run < bench.runs && !stop.load(); ++run) {
    // As fast as the workers go: the generator only ends a rate-0 run by `stop`, so a timer
    // (or the signal) sets it.
    TxGeneratorOptions options = load_options(bench, shape, network.node_urls(), ++seed);
    options.rate = 0;
    options.duration = std::chrono::nanoseconds(0);
    std::atomic<bool> run_over{false};
    std::atomic<bool> finished{false};
    std::thread timer([&] {
      const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(bench.seconds);
      while (!finished.load() && !stop.load() && std::chrono::steady_clock::now() < end) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      run_over = true;
    });
    auto report = run_tx_generator(options, run_over);
    finished = true;
    timer.join();
    std::printf("%s submit-only run %d: %s\n", shape.name.c_str(), run + 1,
                format_progress(report).c_str());
    std::fflush(stdout);
    submitted.push_back(submit_mb_s(report));
  }
  // The unlimited load (or the saturating one) filled the mempools.
  settle(stop, std::chrono::seconds(20));
  return {median(finalized), median(p50), median(p99), median(submitted), median(cpu_per_mb)};
}

// A copy of `genesis` whose chain config allows blocks of `bytes`, in `dir`.
Result<fs::path> genesis_with_block_size(const fs::path& genesis, std::uint64_t bytes,
                                         const fs::path& dir) {
  std::ifstream in(genesis);
  if (!in) return fail("cannot read " + genesis.string());
  const fs::path out_path = dir / "genesis.toml";
  std::ofstream out(out_path);
  bool replaced = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("max_block_size", 0) == 0) {
      line = "max_block_size = " + std::to_string(bytes);
      replaced = true;
    }
    out << line << '\n';
  }
  if (!replaced) return fail(genesis.string() + " has no max_block_size line");
  if (!out.flush()) return fail("cannot write " + out_path.string());
  return out_path;
}

// The folder above the bench binary's folder, + "bin" (build/bench/network_bench → build/bin).
fs::path default_bin_dir(const char* argv0) {
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (error) self = fs::absolute(argv0);
  return self.parent_path().parent_path() / "bin";
}

}  // namespace

int main(int argc, char** argv) {
  BenchOptions bench;
  bench.bin_dir = default_bin_dir(argv[0]);
  bench.genesis_file = fs::path(ESEQ_SOURCE_DIR) / "scripts" / "demo-genesis.toml";
  // Offered loads the 4 nodes finalize well within p50 250 ms on the 2-core VM (4 and 8 MB/s,
  // 140-180 ms; blocks are as large as what waits, a few hundred KB), so that the latency is the
  // network's, not the mempool queue's. The baseline runs without a rate limit.
  LoadShape small{"1kib", 1024, 4000, 32};
  LoadShape large{"100kib", 100 * 1024, 80, 1};
  // Offered above what the network finalizes (about 43 MB/s), for its capacity; latency here is
  // mostly the queue in the mempools.
  LoadShape saturated{"100kib_saturated", 100 * 1024, 420, 1, false};

  CLI::App app{"Finalized throughput and submit-to-decide latency of a 4-node loopback network"};
  app.add_option("--bin-dir", bench.bin_dir, "Folder with keygen, orchestrator, sequencer");
  app.add_option("--genesis-file", bench.genesis_file, "Genesis of the local network");
  app.add_option("--runs", bench.runs, "Runs per transaction size (median)")
      ->check(CLI::Range(1, 100));
  app.add_option("--seconds", bench.seconds, "Load time per run")->check(CLI::Range(1, 3600));
  app.add_option("--warmup-seconds", bench.warmup_seconds,
                 "A first watched load at the first size's rate, printed but not counted "
                 "(0: none)")
      ->check(CLI::Range(0, 3600));
  app.add_option("--workers", bench.workers, "Submitting threads")->check(CLI::Range(1, 256));
  app.add_option("--rate-1kib", small.rate, "1 KiB transactions/s in the watched runs (> 0)")
      ->check(CLI::Range(0.001, 1e7));
  app.add_option("--batch-1kib", small.batch, "1 KiB transactions per request")
      ->check(CLI::Range(1, 10000));
  app.add_option("--rate-100kib", large.rate, "100 KiB transactions/s in the watched runs (> 0)")
      ->check(CLI::Range(0.001, 1e6));
  app.add_option("--batch-100kib", large.batch, "100 KiB transactions per request")
      ->check(CLI::Range(1, 1000));
  app.add_option("--rate-saturated", saturated.rate,
                 "100 KiB transactions/s in the saturated runs (> 0; above what is finalized)")
      ->check(CLI::Range(0.001, 1e6));
  app.add_flag("--json", bench.json,
               "Submit JSON bodies with base64 payloads (default: binary bodies, bincode)");
  app.add_option("--busy-retry-ms", bench.busy_retry_ms,
                 "Offer a transaction a full mempool refused (503) again after this many ms, as a "
                 "rollup would (default 0: count it failed and send the next)")
      ->check(CLI::Range(0, 60000));
  std::vector<std::string> only;
  app.add_option("--shape", only,
                 "Run only these loads (1kib, 100kib, 100kib_saturated; default all three)")
      ->check(CLI::IsMember({"1kib", "100kib", "100kib_saturated"}));
  app.add_option("--max-block-size", bench.max_block_size,
                 "Largest block payload in bytes, in the genesis chain config and the "
                 "orchestrator's parameters (0: the genesis file's)")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  for (const LoadShape& shape : {small, large, saturated}) {
    if (only.empty() || std::find(only.begin(), only.end(), shape.name) != only.end()) {
      bench.shapes.push_back(shape);
    }
  }

  bench::LocalNetworkOptions network_options;
  network_options.bin_dir = bench.bin_dir;
  network_options.genesis_file = bench.genesis_file;
  std::optional<TempFolder> genesis_dir;
  if (bench.max_block_size > 0) {
    genesis_dir.emplace();
    auto genesis =
        genesis_with_block_size(bench.genesis_file, bench.max_block_size, genesis_dir->path());
    if (!genesis) {
      std::fprintf(stderr, "netbench: %s\n", genesis.error().message.c_str());
      return 1;
    }
    network_options.genesis_file = *genesis;
    network_options.orchestrator_args = {"--max-block-size", std::to_string(bench.max_block_size)};
  }

  keep_freed_memory();  // as the tx-generator: the watcher parses megabytes of JSON per block
  StopOnSignal signals;
  std::vector<std::pair<LoadShape, ShapeFigures>> results;
  {
    std::printf("netbench: starting orchestrator + 4 sequencers from %s\n", bench.bin_dir.c_str());
    std::fflush(stdout);
    auto network = bench::LocalNetwork::start(network_options);
    if (!network) {
      std::fprintf(stderr, "netbench: %s\n", network.error().message.c_str());
      return 1;
    }
    std::printf("netbench: network up in %s\n", (*network)->work_dir().c_str());
    std::uint64_t seed = 0;
    if (bench.warmup_seconds > 0 && !bench.shapes.empty()) {
      warm_up(bench, bench.shapes.front(), **network, signals.stop(), seed);
    }
    for (const auto& shape : bench.shapes) {
      if (signals.stop().load()) break;
      results.emplace_back(shape, measure(bench, shape, **network, signals.stop(), seed));
      if (!(*network)->all_running()) {
        std::fprintf(stderr, "netbench: a node exited during the %s runs (logs in %s)\n",
                     shape.name.c_str(), (*network)->work_dir().c_str());
        return 1;
      }
    }
  }
  if (signals.stop().load()) return 130;

  for (const auto& [shape, figures] : results) {
    std::printf(
        "%s: finalized %.2f MB/s, latency p50 %.1f ms p99 %.1f ms, sequencers' CPU %.1f ms/MB",
        shape.name.c_str(), figures.finalized_mb_s, figures.latency_p50_ms, figures.latency_p99_ms,
        figures.cpu_ms_per_mb);
    if (shape.baseline) std::printf(" | submit only %.2f MB/s", figures.submit_mb_s);
    std::printf("\n");
  }
  for (const auto& [shape, figures] : results) {
    const char* name = shape.name.c_str();
    std::printf("bench: network_%s_finalized_mb_s %.2f MB/s\n", name, figures.finalized_mb_s);
    std::printf("bench: network_%s_latency_p50 %.1f ms\n", name, figures.latency_p50_ms);
    std::printf("bench: network_%s_latency_p99 %.1f ms\n", name, figures.latency_p99_ms);
    std::printf("bench: network_%s_sequencer_cpu_per_mb %.1f ms/MB\n", name, figures.cpu_ms_per_mb);
    if (!shape.baseline) continue;
    std::printf("bench: network_%s_submit_mb_s %.2f MB/s\n", name, figures.submit_mb_s);
    std::printf("bench: network_%s_finalized_vs_submit %.3f x\n", name,
                figures.submit_mb_s > 0 ? figures.finalized_mb_s / figures.submit_mb_s : 0.0);
  }
  return 0;
}
