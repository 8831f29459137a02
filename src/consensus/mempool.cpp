#include "consensus/mempool.hpp"

#include <algorithm>
#include <random>

#include "common/hash.hpp"

namespace espresso::consensus {

CommitmentHash::CommitmentHash() {
  std::random_device random;
  for (auto& key : keys_) key = random();
}

Mempool::Mempool(MempoolLimits limits, CommitmentHash hash, TransactionCommitter commit)
    : limits_(limits), commit_(commit), entries_(0, hash), decided_(0, hash) {}

MempoolLimits mempool_limits_for_blocks(std::uint64_t max_block_bytes,
                                        std::size_t max_block_transactions, MempoolLimits base) {
  // kBlocksPooled blocks' worth, or the cap when that would pass it (or overflow).
  const auto pooled = [](std::uint64_t per_block, std::size_t cap) {
    return per_block > cap / kBlocksPooled ? cap
                                           : static_cast<std::size_t>(per_block) * kBlocksPooled;
  };
  base.max_bytes = std::max(base.max_bytes, pooled(max_block_bytes, kMempoolBytesCap));
  base.max_transactions =
      std::max(base.max_transactions, pooled(max_block_transactions, kMempoolTransactionsCap));
  return base;
}

std::optional<Commitment> sha256_transaction_commitment(ByteView transaction) {
  return sha256(transaction);
}

std::optional<Mempool::AddResult> Mempool::refusal(std::size_t size,
                                                   std::size_t pending_bytes) const {
  if (size > limits_.max_transaction_bytes) return AddResult::kTooLarge;
  if (entries_.size() + 1 > limits_.max_transactions ||
      bytes_ + pending_bytes + size > limits_.max_bytes) {
    return AddResult::kFull;
  }
  return std::nullopt;
}

Mempool::Added Mempool::add(Bytes transaction) {
  // Before hashing: an overloaded node refuses most of what arrives, and should do so cheaply.
  if (auto refused = refusal(transaction.size())) return {*refused, {}};
  std::optional<Commitment> commitment = commit_(transaction);
  return insert(std::move(transaction), commitment);
}

Mempool::Added Mempool::add_hashed(Bytes transaction, std::optional<Commitment> commitment) {
  // The pool may have filled while the bytes were being hashed elsewhere.
  if (auto refused = refusal(transaction.size())) return {*refused, {}};
  return insert(std::move(transaction), commitment);
}

Mempool::Added Mempool::insert(Bytes transaction, std::optional<Commitment> commitment) {
  if (!commitment) return {AddResult::kInvalid, {}};
  if (entries_.contains(*commitment) || decided_.contains(*commitment)) {
    return {AddResult::kDuplicate, commitment};
  }
  bytes_ += transaction.size();
  const std::uint64_t sequence = next_sequence_++;
  order_.emplace(sequence, *commitment);
  entries_.emplace(*commitment, Entry{std::move(transaction), sequence, std::nullopt});
  return {AddResult::kAdded, commitment};
}

Mempool::Taken Mempool::take(ViewNumber view, std::size_t max_bytes, std::size_t max_count) {
  Taken taken;
  std::size_t used = 0;
  for (const auto& [sequence, commitment] : order_) {
    if (taken.transactions.size() >= max_count) break;
    Entry& entry = entries_.at(commitment);
    if (entry.included_in) continue;
    if (used + entry.transaction.size() > max_bytes) continue;
    used += entry.transaction.size();
    entry.included_in = view;
    taken.transactions.push_back(entry.transaction);
    taken.commitments.push_back(commitment);
  }
  return taken;
}

std::vector<Bytes> Mempool::remove(std::span<const Commitment> decided) {
  std::vector<Bytes> removed(decided.size());
  for (std::size_t i = 0; i < decided.size(); ++i) {
    const Commitment& commitment = decided[i];
    if (decided_.insert(commitment).second) {
      decided_order_.push_back(commitment);
      if (decided_order_.size() > limits_.max_transactions) {
        decided_.erase(decided_order_.front());
        decided_order_.pop_front();
      }
    }
    const auto it = entries_.find(commitment);
    if (it == entries_.end()) continue;
    bytes_ -= it->second.transaction.size();
    order_.erase(it->second.sequence);
    removed[i] = std::move(it->second.transaction);
    entries_.erase(it);
  }
  return removed;
}

void Mempool::mark_included(std::span<const Commitment> commitments, ViewNumber view) {
  for (const auto& commitment : commitments) {
    const auto it = entries_.find(commitment);
    if (it == entries_.end()) continue;
    auto& included_in = it->second.included_in;
    if (!included_in || *included_in < view) included_in = view;
  }
}

void Mempool::release(std::span<const Commitment> commitments) {
  for (const auto& commitment : commitments) {
    const auto it = entries_.find(commitment);
    if (it != entries_.end()) it->second.included_in.reset();
  }
}

void Mempool::release_up_to(ViewNumber view) {
  for (auto& [commitment, entry] : entries_) {
    if (entry.included_in && *entry.included_in <= view) entry.included_in.reset();
  }
}

}  // namespace espresso::consensus
