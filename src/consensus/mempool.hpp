#pragma once
// Pending transactions: deduplicated by commitment, bounded by count and bytes, taken by the leader
// in arrival order, removed when decided, and made available again when the view that included
// them fails.

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "consensus/types.hpp"

namespace espresso::consensus {

struct MempoolLimits {
  std::size_t max_transactions = 10'000;
  std::size_t max_bytes = 16 << 20;
  std::size_t max_transaction_bytes = 1 << 20;
};

// Orders commitments as std::array's operator< does, from one inlined comparison of the first 8
// bytes (a hash's prefix almost always settles it) instead of a memcmp call per tree level; the
// map walks were 4% of a loaded node's CPU.
struct CommitmentLess {
  bool operator()(const Commitment& a, const Commitment& b) const {
    const std::uint64_t prefix_a = big_endian_prefix(a);
    const std::uint64_t prefix_b = big_endian_prefix(b);
    if (prefix_a != prefix_b) return prefix_a < prefix_b;
    return a < b;
  }
  static std::uint64_t big_endian_prefix(const Commitment& commitment) {
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = (value << 8) | commitment[i];
    return value;
  }
};

class Mempool {
 public:
  explicit Mempool(MempoolLimits limits) : limits_(limits) {}

  enum class AddResult { kAdded, kDuplicate, kFull, kTooLarge };
  // A full pool answers kFull before looking at duplicates: refusing costs no hashing.
  AddResult add(Bytes transaction);

  struct Taken {
    std::vector<Bytes> transactions;
    std::vector<Commitment> commitments;
  };
  // Oldest available transactions up to the limits; they stay in the pool, marked as included in
  // `view`, until removed (decided) or released (the view failed).
  Taken take(ViewNumber view, std::size_t max_bytes, std::size_t max_count);
  void remove(std::span<const Commitment> decided);
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
  struct Entry {
    Bytes transaction;
    std::uint64_t sequence = 0;
    std::optional<ViewNumber> included_in;
  };
  MempoolLimits limits_;
  std::map<Commitment, Entry, CommitmentLess> entries_;
  std::map<std::uint64_t, Commitment> order_;  // arrival order
  // Recently decided transactions (at most max_transactions), refused as duplicates when gossip
  // brings them again after their decide.
  std::set<Commitment, CommitmentLess> decided_;
  std::deque<Commitment> decided_order_;
  std::uint64_t next_sequence_ = 0;
  std::size_t bytes_ = 0;
};

Commitment transaction_commitment(ByteView transaction);

}  // namespace espresso::consensus
