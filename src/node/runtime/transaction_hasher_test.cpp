#include "node/runtime/transaction_hasher.hpp"

#include <chrono>
#include <future>
#include <vector>

#include <gtest/gtest.h>

#include "consensus/mempool.hpp"

namespace espresso {
namespace {

using consensus::Commitment;
using namespace std::chrono_literals;

// What the hasher handed back, in order, for the test thread to wait on.
struct Results {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::pair<Bytes, std::optional<Commitment>>> hashed;

  TransactionHasher::Hashed callback() {
    return [this](Bytes transaction, std::optional<Commitment> commitment) {
      std::lock_guard lock(mutex);
      hashed.emplace_back(std::move(transaction), commitment);
      changed.notify_all();
    };
  }
  bool wait_for(std::size_t count) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, 10s, [&] { return hashed.size() >= count; });
  }
};

// Empty bytes are not a transaction.
std::optional<Commitment> commit_non_empty(ByteView transaction) {
  if (transaction.empty()) return std::nullopt;
  return consensus::sha256_transaction_commitment(transaction);
}

TEST(TransactionHasher, HandsBackEachTransactionWithItsCommitmentInOrder) {
  Results results;
  TransactionHasher hasher(&commit_non_empty, 1 << 20, results.callback());
  const std::vector<Bytes> sent{{1, 2, 3}, {}, {4}, {1, 2, 3}};
  for (const Bytes& transaction : sent) ASSERT_TRUE(hasher.submit(Bytes(transaction)));
  ASSERT_TRUE(results.wait_for(sent.size()));
  std::lock_guard lock(results.mutex);
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(results.hashed[i].first, sent[i]) << i;
    EXPECT_EQ(results.hashed[i].second, commit_non_empty(sent[i])) << i;
  }
  EXPECT_FALSE(results.hashed[1].second);  // not a transaction: nothing
}

TEST(TransactionHasher, RefusesBeyondItsQueuedBytesUntilHashingCatchesUp) {
  Results results;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  TransactionHasher hasher(
      [released](ByteView transaction) {
        released.wait();
        return commit_non_empty(transaction);
      },
      25, results.callback());
  EXPECT_TRUE(hasher.submit(Bytes(10, 1)));  // being hashed: still counted
  EXPECT_TRUE(hasher.submit(Bytes(10, 2)));
  EXPECT_EQ(hasher.queued_bytes(), 20u);
  EXPECT_FALSE(hasher.submit(Bytes(10, 3)));  // 30 > 25
  EXPECT_TRUE(hasher.submit(Bytes(5, 4)));    // 25: fits exactly
  release.set_value();
  ASSERT_TRUE(results.wait_for(3));
  // The last callback returns before its bytes are uncounted: wait for the count to settle.
  for (int i = 0; i < 1000 && hasher.queued_bytes() != 0; ++i) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(hasher.queued_bytes(), 0u);
  EXPECT_TRUE(hasher.submit(Bytes(10, 3)));
  ASSERT_TRUE(results.wait_for(4));
  std::lock_guard lock(results.mutex);
  EXPECT_EQ(results.hashed[2].first, Bytes(5, 4));
  EXPECT_EQ(results.hashed[3].first, Bytes(10, 3));
}

TEST(TransactionHasher, StopsWithTransactionsStillQueued) {
  Results results;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::thread releaser([&] {
    std::this_thread::sleep_for(20ms);
    release.set_value();
  });
  {
    TransactionHasher hasher(
        [released](ByteView transaction) {
          released.wait();
          return commit_non_empty(transaction);
        },
        1 << 20, results.callback());
    for (std::uint8_t i = 0; i < 5; ++i) ASSERT_TRUE(hasher.submit(Bytes(3, i)));
  }  // the destructor drops the waiting ones and joins once the first is hashed
  releaser.join();
  std::lock_guard lock(results.mutex);
  EXPECT_LT(results.hashed.size(), 5u);
}

}  // namespace
}  // namespace espresso
