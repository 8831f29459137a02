#pragma once
// Pending transactions: deduplicated by commitment, bounded by count and bytes, taken by the leader
// in arrival order, removed when decided, and made available again when the view that included
// them fails.

#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "consensus/types.hpp"

namespace espresso::consensus {

struct MempoolLimits {
  std::size_t max_transactions = 10'000;
  std::size_t max_bytes = 16 << 20;
  std::size_t max_transaction_bytes = 1 << 20;
};

// The pool keeps the transactions of undecided blocks until they are decided (three or four views
// are in flight under load), so its bounds must hold several blocks and the next one: with 16 MB
// whatever the chain allowed, blocks stopped near 4 MB. Never below `base`, never above the caps
// (memory bounds, whatever a genesis file says).
inline constexpr std::size_t kBlocksPooled = 5;
inline constexpr std::size_t kMempoolBytesCap = std::size_t{1} << 30;
inline constexpr std::size_t kMempoolTransactionsCap = 1'000'000;
MempoolLimits mempool_limits_for_blocks(std::uint64_t max_block_bytes,
                                        std::size_t max_block_transactions,
                                        MempoolLimits base = {});

// Hashes a commitment with random per-pool keys: NH (the universal hash of UMAC, RFC 4418's
// building block) over its eight 32-bit words, then a 64-bit finalizer so the bucket index, the
// low bits, depends on all of it. A hash table costs one or two cache misses per lookup where the
// ordered maps this replaced walked ~14 tree levels (those walks were 13% of a node's CPU at
// saturation with 1 KiB transactions). Keys, because a Byzantine leader names arbitrary 32-byte
// commitments in its proposals, which the pool records as decided: with a fixed function it could
// aim them all at one bucket.
class CommitmentHash {
 public:
  // Keys from the system's random source.
  CommitmentHash();
  explicit CommitmentHash(std::array<std::uint32_t, 8> keys) : keys_(keys) {}

  std::size_t operator()(const Commitment& commitment) const {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < keys_.size(); i += 2) {
      std::uint32_t a = 0;
      std::uint32_t b = 0;
      std::memcpy(&a, commitment.data() + 4 * i, sizeof a);
      std::memcpy(&b, commitment.data() + 4 * i + 4, sizeof b);
      sum += std::uint64_t{static_cast<std::uint32_t>(a + keys_[i])} *
             static_cast<std::uint32_t>(b + keys_[i + 1]);
    }
    // MurmurHash3's fmix64.
    sum ^= sum >> 33;
    sum *= 0xff51afd7ed558ccdULL;
    sum ^= sum >> 33;
    return static_cast<std::size_t>(sum);
  }

 private:
  std::array<std::uint32_t, 8> keys_;
};

// SHA-256 of the bytes, for blocks of opaque transactions (consensus tests, the simulator).
std::optional<Commitment> sha256_transaction_commitment(ByteView transaction);

class Mempool {
 public:
  explicit Mempool(MempoolLimits limits, CommitmentHash hash = CommitmentHash(),
                   TransactionCommitter commit = &sha256_transaction_commitment);

  enum class AddResult { kAdded, kDuplicate, kFull, kTooLarge, kInvalid };
  struct Added {
    AddResult result;
    std::optional<Commitment> commitment;  // for kAdded and kDuplicate
  };
  // A full pool answers kFull before looking at duplicates: refusing costs no hashing.
  Added add(Bytes transaction);
  // As add, with the committer's answer for these bytes computed elsewhere (a node hashes gossiped
  // transactions off its event loop); nothing for bytes that are not a transaction.
  Added add_hashed(Bytes transaction, std::optional<Commitment> commitment);
  // kTooLarge or kFull when add would refuse `size` bytes before hashing them, with
  // `pending_bytes` more on their way in (being hashed elsewhere); nothing otherwise.
  std::optional<AddResult> refusal(std::size_t size, std::size_t pending_bytes = 0) const;

  struct Taken {
    std::vector<Bytes> transactions;
    std::vector<Commitment> commitments;
  };
  // Oldest available transactions up to the limits; they stay in the pool, marked as included in
  // `view`, until removed (decided) or released (the view failed).
  Taken take(ViewNumber view, std::size_t max_bytes, std::size_t max_count);
  // Removes decided transactions and hands back their bytes (empty for those the pool did not
  // hold), one per commitment: the commitment was computed here from exactly those bytes.
  std::vector<Bytes> remove(std::span<const Commitment> decided);
  // Marks transactions that an undecided block of `view` already holds, so a leader extending that
  // block does not sequence them twice; released like taken ones when the view fails.
  void mark_included(std::span<const Commitment> commitments, ViewNumber view);
  // Makes taken transactions available again (the builder left them out of the block).
  void release(std::span<const Commitment> commitments);
  // Makes transactions included in views <= `view` available again.
  void release_up_to(ViewNumber view);

  std::size_t size() const { return entries_.size(); }
  std::size_t bytes() const { return bytes_; }
  bool contains(const Commitment& commitment) const { return entries_.contains(commitment); }

 private:
  // add and add_hashed after their limit checks.
  Added insert(Bytes transaction, std::optional<Commitment> commitment);

  struct Entry {
    Bytes transaction;
    std::uint64_t sequence = 0;
    std::optional<ViewNumber> included_in;
  };
  MempoolLimits limits_;
  TransactionCommitter commit_;
  std::unordered_map<Commitment, Entry, CommitmentHash> entries_;
  std::map<std::uint64_t, Commitment> order_;  // arrival order
  // Recently decided transactions (at most max_transactions), refused as duplicates when gossip
  // brings them again after their decide.
  std::unordered_set<Commitment, CommitmentHash> decided_;
  std::deque<Commitment> decided_order_;
  std::uint64_t next_sequence_ = 0;
  std::size_t bytes_ = 0;
};

}  // namespace espresso::consensus
