#include "consensus/mempool.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "common/hash.hpp"

namespace espresso::consensus {
namespace {

Bytes tx(std::uint8_t tag, std::size_t size = 4) {
  return Bytes(size, tag);
}

TEST(Mempool, DeduplicatesAndBounds) {
  Mempool pool({.max_transactions = 2, .max_bytes = 100, .max_transaction_bytes = 50});
  EXPECT_EQ(pool.add(tx(1)).result, Mempool::AddResult::kAdded);
  EXPECT_EQ(pool.add(tx(1)).result, Mempool::AddResult::kDuplicate);
  EXPECT_EQ(pool.add(tx(2, 51)).result, Mempool::AddResult::kTooLarge);
  EXPECT_EQ(pool.add(tx(2)).result, Mempool::AddResult::kAdded);
  EXPECT_EQ(pool.add(tx(3)).result, Mempool::AddResult::kFull);
  // A full pool refuses before hashing, so a duplicate then reads as full too.
  EXPECT_EQ(pool.add(tx(1)).result, Mempool::AddResult::kFull);
  EXPECT_EQ(pool.size(), 2u);
  EXPECT_EQ(pool.bytes(), 8u);
}

// Bounds from the chain's largest block (the node's), capped, never below the given ones.
TEST(Mempool, LimitsHoldSeveralBlocksOfTheChainsLargestSize) {
  const MempoolLimits large = mempool_limits_for_blocks(8 << 20, 4096);
  EXPECT_EQ(large.max_bytes, kBlocksPooled * (8 << 20));
  EXPECT_EQ(large.max_transactions, kBlocksPooled * 4096);
  // Small blocks keep the given bounds, and the size per transaction is left as given.
  const MempoolLimits base{
      .max_transactions = 10'000, .max_bytes = 16 << 20, .max_transaction_bytes = 9};
  const MempoolLimits small = mempool_limits_for_blocks(1'000'000, 100, base);
  EXPECT_EQ(small.max_bytes, std::size_t{16 << 20});
  EXPECT_EQ(small.max_transactions, 10'000u);
  EXPECT_EQ(small.max_transaction_bytes, 9u);
  // A genesis file asking for enormous blocks meets the memory caps, without overflowing.
  const MempoolLimits huge = mempool_limits_for_blocks(std::uint64_t{1} << 62, SIZE_MAX);
  EXPECT_EQ(huge.max_bytes, kMempoolBytesCap);
  EXPECT_EQ(huge.max_transactions, kMempoolTransactionsCap);
  EXPECT_EQ(mempool_limits_for_blocks(kMempoolBytesCap / kBlocksPooled + 1, 1).max_bytes,
            kMempoolBytesCap);
}

// What a node hashed off its event loop: the same answers as add, the full and size checks made
// again (the pool may have filled meanwhile), and refusal() answering before any hashing, with
// what is still being hashed counted.
TEST(Mempool, HashedElsewhereAddsAsAddDoes) {
  Mempool pool({.max_transactions = 2, .max_bytes = 100, .max_transaction_bytes = 50});
  EXPECT_FALSE(pool.refusal(50));
  EXPECT_EQ(pool.refusal(51), Mempool::AddResult::kTooLarge);
  // Bytes still being hashed elsewhere count against the bound.
  EXPECT_FALSE(pool.refusal(50, 50));
  EXPECT_EQ(pool.refusal(50, 51), Mempool::AddResult::kFull);
  const auto commitment = sha256_transaction_commitment(tx(1));
  const auto added = pool.add_hashed(tx(1), commitment);
  EXPECT_EQ(added.result, Mempool::AddResult::kAdded);
  EXPECT_EQ(added.commitment, commitment);
  EXPECT_EQ(pool.add(tx(1)).result, Mempool::AddResult::kDuplicate);  // the same key as add's
  EXPECT_EQ(pool.add_hashed(tx(2), std::nullopt).result, Mempool::AddResult::kInvalid);
  EXPECT_EQ(pool.add_hashed(tx(2, 51), sha256_transaction_commitment(tx(2, 51))).result,
            Mempool::AddResult::kTooLarge);
  EXPECT_EQ(pool.add(tx(3)).result, Mempool::AddResult::kAdded);
  EXPECT_EQ(pool.refusal(4), Mempool::AddResult::kFull);
  EXPECT_EQ(pool.add_hashed(tx(4), sha256_transaction_commitment(tx(4))).result,
            Mempool::AddResult::kFull);
  EXPECT_EQ(pool.size(), 2u);
  EXPECT_EQ(pool.bytes(), 8u);
}

// Commitments that share their first 24 bytes (what a Byzantine leader may name) still spread
// over the hash's range, and a pool keyed by it finds each of them.
TEST(Mempool, CommitmentsSharingPrefixesSpreadOverBuckets) {
  const CommitmentHash hash({0x9e3779b9, 0x7f4a7c15, 0xc2b2ae3d, 0x27d4eb4f, 0x165667b1, 0x9e3779f9,
                             0xd6e8feb8, 0x6659fd93});
  std::set<std::size_t> buckets;
  for (std::uint8_t i = 0; i < 64; ++i) {
    Commitment c{};
    c[31] = i;
    buckets.insert(hash(c) % 1024);
  }
  EXPECT_GT(buckets.size(), 48u);

  Mempool pool({}, hash);
  std::vector<Commitment> decided;
  for (std::uint8_t i = 0; i < 64; ++i) {
    Commitment c{};
    c[31] = i;
    decided.push_back(c);
  }
  pool.remove(decided);
  EXPECT_EQ(pool.add(tx(9)).result, Mempool::AddResult::kAdded);
  EXPECT_TRUE(pool.contains(*sha256_transaction_commitment(tx(9))));
}

TEST(Mempool, TakeMarksIncludedRemoveDropsReleaseReincludes) {
  Mempool pool({});
  pool.add(tx(1));
  pool.add(tx(2));
  pool.add(tx(3));
  auto first = pool.take(5, 8, 10);  // byte limit: two transactions
  ASSERT_EQ(first.transactions.size(), 2u);
  EXPECT_EQ(first.transactions[0], tx(1));
  auto second = pool.take(6, 100, 10);
  ASSERT_EQ(second.transactions.size(), 1u);
  EXPECT_EQ(second.transactions[0], tx(3));
  pool.remove(std::span(first.commitments).first(1));  // tx 1 decided
  EXPECT_FALSE(pool.contains(*sha256_transaction_commitment(tx(1))));
  pool.release_up_to(5);  // view 5 failed: tx 2 again available, tx 3 still in view 6
  auto third = pool.take(7, 100, 10);
  ASSERT_EQ(third.transactions.size(), 1u);
  EXPECT_EQ(third.transactions[0], tx(2));
}

TEST(Mempool, ReleaseMakesLeftOutTransactionsAvailableAgain) {
  Mempool pool({});
  pool.add(tx(1));
  pool.add(tx(2));
  auto taken = pool.take(5, 100, 10);
  ASSERT_EQ(taken.commitments.size(), 2u);
  pool.release(std::span(taken.commitments).last(1));  // the builder left tx 2 out
  auto again = pool.take(6, 100, 10);
  ASSERT_EQ(again.transactions.size(), 1u);
  EXPECT_EQ(again.transactions[0], tx(2));
}

TEST(Mempool, MarkedTransactionsAreNotTakenAndDecidedOnesNotReadded) {
  Mempool pool({});
  pool.add(tx(1));
  pool.add(tx(2));
  const Commitment one = *sha256_transaction_commitment(tx(1));
  pool.mark_included(std::span(&one, 1), 4);  // an undecided block of view 4 holds tx 1
  auto taken = pool.take(5, 100, 10);
  ASSERT_EQ(taken.transactions.size(), 1u);
  EXPECT_EQ(taken.transactions[0], tx(2));
  pool.remove(std::span(&one, 1));
  EXPECT_EQ(pool.add(tx(1)).result,
            Mempool::AddResult::kDuplicate);  // late gossip after the decide
}

// A committer that takes only even-length transactions and names them by their reversed SHA-256.
std::optional<Commitment> even_only(ByteView transaction) {
  if (transaction.size() % 2 != 0) return std::nullopt;
  Commitment c = sha256(transaction);
  std::reverse(c.begin(), c.end());
  return c;
}

TEST(Mempool, TheGivenCommitterNamesTransactionsAndRefusesNonTransactions) {
  Mempool pool({}, CommitmentHash(), &even_only);
  const auto added = pool.add(tx(1));
  EXPECT_EQ(added.result, Mempool::AddResult::kAdded);
  ASSERT_TRUE(added.commitment);
  EXPECT_EQ(*added.commitment, *even_only(tx(1)));
  EXPECT_TRUE(pool.contains(*even_only(tx(1))));
  EXPECT_FALSE(pool.contains(*sha256_transaction_commitment(tx(1))));
  // A duplicate is named too (the submit API answers its commitment); a refused one is not.
  EXPECT_EQ(pool.add(tx(1)).commitment, added.commitment);
  const auto odd = pool.add(tx(2, 3));
  EXPECT_EQ(odd.result, Mempool::AddResult::kInvalid);
  EXPECT_FALSE(odd.commitment);
  EXPECT_EQ(pool.size(), 1u);
}

TEST(Mempool, RemoveHandsBackTheBytesOfEachDecidedTransactionItHeld) {
  Mempool pool({});
  pool.add(tx(1));
  pool.add(tx(2, 6));
  const std::vector<Commitment> decided{*sha256_transaction_commitment(tx(2, 6)),
                                        *sha256_transaction_commitment(tx(7)),
                                        *sha256_transaction_commitment(tx(1))};
  EXPECT_EQ(pool.remove(decided), (std::vector<Bytes>{tx(2, 6), Bytes{}, tx(1)}));
  EXPECT_EQ(pool.size(), 0u);
  EXPECT_EQ(pool.bytes(), 0u);
}

}  // namespace
}  // namespace espresso::consensus
