#pragma once
// The BLS keys and stake weights of a stake table, checked once when the table is loaded: every key
// is a valid G1 point (by construction of BlsPublicKey), appears once, carries positive weight and
// a valid proof of possession. With those checks done, signer keys can be summed with plain point
// addition when a signature set is verified (rogue-key attacks need a key without a proof).

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "common/result.hpp"
#include "common/u256.hpp"
#include "crypto/bls.hpp"

namespace espresso {

struct StakeTableEntry {
  BlsPublicKey key;
  U256 weight;
  BlsSignature proof_of_possession;
};

class StakeTableKeys {
 public:
  // Fails (naming the entry) on an empty table, zero weight, a repeated key or a bad proof.
  static Result<StakeTableKeys> create(std::span<const StakeTableEntry> entries);

  std::size_t size() const { return keys_.size(); }
  const BlsPublicKey& key(std::size_t index) const { return keys_.at(index); }
  const U256& weight(std::size_t index) const { return weights_.at(index); }
  const U256& total_weight() const { return total_weight_; }
  std::optional<std::size_t> index_of(const BlsPublicKey& key) const;

  // The smallest weight strictly above two thirds of the total (the quorum rule of DESIGN.md §5).
  // Computed as T - ceil(T/3) + 1 = floor(2T/3) + 1 so that 2T cannot overflow.
  U256 quorum_threshold() const {
    return total_weight_ - total_weight_ / 3 - (total_weight_ % 3 == 0 ? 0 : 1) + 1;
  }

 private:
  StakeTableKeys() = default;
  std::vector<BlsPublicKey> keys_;
  std::vector<U256> weights_;
  U256 total_weight_ = 0;
  std::map<ByteArray<BlsPublicKey::kSize>, std::size_t> index_by_key_;
};

}  // namespace espresso
