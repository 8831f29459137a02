#include "crypto/stake_table_keys.hpp"

#include <string>

#include "common/hex.hpp"

namespace espresso {

Result<StakeTableKeys> StakeTableKeys::create(std::span<const StakeTableEntry> entries) {
  if (entries.empty()) return fail("stake table: no entries");
  StakeTableKeys table;
  table.keys_.reserve(entries.size());
  table.weights_.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& entry = entries[i];
    const auto key_bytes = entry.key.to_bytes();
    const std::string where =
        "stake table entry " + std::to_string(i) + " (key " + to_hex(key_bytes) + ")";
    if (entry.weight == 0) return fail(where + ": weight is zero, expected a positive stake");
    if (!entry.key.verify_possession(entry.proof_of_possession)) {
      return fail(where + ": proof of possession does not verify");
    }
    auto [it, inserted] = table.index_by_key_.emplace(key_bytes, i);
    if (!inserted) {
      return fail(where + ": same key as entry " + std::to_string(it->second));
    }
    table.keys_.push_back(entry.key);
    table.weights_.push_back(entry.weight);
    const U256 total = table.total_weight_ + entry.weight;
    if (total < table.total_weight_) return fail(where + ": total weight overflows 256 bits");
    table.total_weight_ = total;
  }
  return table;
}

std::optional<std::size_t> StakeTableKeys::index_of(const BlsPublicKey& key) const {
  auto it = index_by_key_.find(key.to_bytes());
  if (it == index_by_key_.end()) return std::nullopt;
  return it->second;
}

}  // namespace espresso
