// The mempool at a loaded node's steady state: a pool of 10,000 pending 1 KiB transactions (the
// default limit), into which new ones arrive while the leader takes blocks of 4000 and their
// decide removes them; every arrival is also offered again, as gossip from a second peer would.
// Baseline in the same process: SHA-256 of the same transactions, the hashing the pool cannot
// avoid. Medians of 5 runs.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "consensus/mempool.hpp"

namespace {

using namespace espresso;
using namespace espresso::consensus;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kTransactionBytes = 1024;
constexpr std::size_t kBlockTransactions = 4000;
constexpr std::size_t kBlocks = 100;
constexpr int kRuns = 5;

Bytes transaction(std::uint64_t index) {
  Bytes tx(kTransactionBytes, 0x5a);
  for (std::size_t i = 0; i < 8; ++i) tx[i] = static_cast<std::uint8_t>(index >> (8 * i));
  return tx;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Transactions per second through the pool: arrival (twice), take, remove.
double pool_rate(const std::vector<Bytes>& arrivals) {
  const MempoolLimits limits;
  Mempool pool(limits);
  std::size_t next = 0;
  auto offer = [&] {
    const Bytes& tx = arrivals[next++ % arrivals.size()];
    if (pool.add(tx).result != Mempool::AddResult::kAdded) std::abort();
    // Gossip brings it again (a pool that just filled up answers kFull first).
    const auto again = pool.add(tx).result;
    if (again != Mempool::AddResult::kDuplicate && again != Mempool::AddResult::kFull) std::abort();
  };
  while (pool.size() < limits.max_transactions) offer();
  const auto start = Clock::now();
  for (std::size_t block = 0; block < kBlocks; ++block) {
    auto taken = pool.take(block + 1, kBlockTransactions * kTransactionBytes, kBlockTransactions);
    pool.remove(taken.commitments);
    pool.release_up_to(block + 1);
    while (pool.size() < limits.max_transactions) offer();
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return static_cast<double>(kBlocks * kBlockTransactions) / seconds;
}

// The same number of transactions hashed twice each, as the two offers do.
double hash_rate(const std::vector<Bytes>& arrivals) {
  std::uint64_t sink = 0;
  const auto start = Clock::now();
  for (std::size_t i = 0; i < kBlocks * kBlockTransactions; ++i) {
    const Bytes& tx = arrivals[i % arrivals.size()];
    sink += (*sha256_transaction_commitment(tx))[0] + (*sha256_transaction_commitment(tx))[1];
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (sink == ~std::uint64_t{0}) std::abort();  // keeps the hashing
  return static_cast<double>(kBlocks * kBlockTransactions) / seconds;
}

}  // namespace

int main() {
  std::vector<Bytes> arrivals;
  // More distinct transactions than pass through the pool, so none is offered after its decide.
  for (std::uint64_t i = 0; i < kBlocks * kBlockTransactions + 20'000; ++i) {
    arrivals.push_back(transaction(i));
  }
  std::vector<double> pool_rates, hash_rates;
  for (int run = 0; run < kRuns; ++run) {
    pool_rates.push_back(pool_rate(arrivals));
    hash_rates.push_back(hash_rate(arrivals));
    std::printf("run %d: pool %.0f tx/s, SHA-256 alone %.0f tx/s\n", run + 1, pool_rates.back(),
                hash_rates.back());
  }
  const double pool = median(pool_rates);
  const double hash = median(hash_rates);
  std::printf("bench: mempool_transactions %.0f tx/s\n", pool);
  std::printf("bench: mempool_sha256_alone %.0f tx/s\n", hash);
  std::printf("bench: mempool_vs_sha256_alone %.3f x\n", pool / hash);
  return 0;
}
