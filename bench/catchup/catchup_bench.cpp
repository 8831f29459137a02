// Catch-up throughput: blocks/s fetched from a peer's availability API over loopback, verified
// (leaf chain, header, VID common, payload) and stored by node/fetch's BlockFetcher, against a
// baseline of insert_blocks alone on the same records. Real blocks (types/, vid/) in SQLite
// stores; the peer is the real HttpServer + availability routes in this process. Medians of
// several runs; ends with `bench:` lines.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "api/client/loopback_server.hpp"
#include "api/query/availability_module.hpp"
#include "common/check.hpp"
#include "node/fetch/block_fetcher.hpp"
#include "node/fetch/fetch_test_chain.hpp"
#include "storage/test_paths.hpp"

namespace {

using namespace espresso;
using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kBlocks = 2000;
constexpr int kRuns = 3;

std::unique_ptr<storage::QueryStore> open_store(const std::string& path) {
  auto store = storage::make_sqlite_query_store(path);
  ESEQ_CHECK(store.has_value(), "bench store");
  return std::move(*store);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Only the newest block is stored locally; everything below it is one gap.
double catchup_run(const storage::TempDir& dir, int run, const std::string& peer,
                   const std::vector<storage::BlockRecord>& records) {
  auto local = open_store(dir.file("local" + std::to_string(run) + ".db"));
  ESEQ_CHECK(local->insert_block(records.back()).has_value(), "bench trusted block");
  fetch::BlockFetcher fetcher(*local, {.peers = {peer}});  // default: 4 chunks downloading at once
  auto start = Clock::now();
  auto report = fetcher.fill_gaps();
  double elapsed = seconds_since(start);
  // Everything but the trusted block and height 0 (genesis, never stored).
  ESEQ_CHECK(report.has_value() && report->blocks_stored == records.size() - 2, "bench catch-up");
  return static_cast<double>(report->blocks_stored) / elapsed;
}

double insert_run(const storage::TempDir& dir, int run,
                  const std::vector<storage::BlockRecord>& records) {
  auto local = open_store(dir.file("insert" + std::to_string(run) + ".db"));
  std::vector<storage::BlockRecord> below(records.begin() + 1, records.end() - 1);
  auto start = Clock::now();
  for (std::size_t from = 0; from < below.size(); from += 100) {
    std::size_t until = std::min(below.size(), from + 100);
    auto chunk = std::span<const storage::BlockRecord>(below).subspan(from, until - from);
    ESEQ_CHECK(local->insert_blocks(chunk).has_value(), "bench insert");
  }
  return static_cast<double>(below.size()) / seconds_since(start);
}

}  // namespace

int main() {
  storage::TempDir dir;
  auto records = fetch::testing::records_of(fetch::testing::make_chain(kBlocks));
  std::shared_ptr<storage::QueryStore> peer_store = open_store(dir.file("peer.db"));
  ESEQ_CHECK(peer_store->insert_blocks(records).has_value(), "bench peer store");
  Router router;
  ESEQ_CHECK(query::register_availability_routes(router, peer_store).has_value(), "bench routes");
  auto peer = LoopbackServer::start(std::move(router));
  ESEQ_CHECK(peer.has_value(), "bench peer server");

  std::vector<double> catchup;
  std::vector<double> insert;
  for (int run = 0; run < kRuns; ++run) {
    catchup.push_back(catchup_run(dir, run, (*peer)->url(), records));
    insert.push_back(insert_run(dir, run, records));
    std::printf("run %d: catch-up %.0f blocks/s, insert_blocks alone %.0f blocks/s\n", run,
                catchup.back(), insert.back());
  }
  double catchup_median = median(catchup);
  double insert_median = median(insert);
  std::printf("bench: catchup_fetch_verify_store %.0f blocks/s\n", catchup_median);
  std::printf("bench: catchup_insert_blocks_baseline %.0f blocks/s\n", insert_median);
  std::printf("bench: catchup_vs_insert %.3f x\n", catchup_median / insert_median);
  return 0;
}
