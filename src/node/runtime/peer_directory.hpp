#pragma once
// The two names of a stake-table member: its BLS staking key (how the transport knows it) and its
// position in the stake table (how consensus knows it).

#include <optional>

#include "consensus/types.hpp"
#include "crypto/stake_table_keys.hpp"

namespace espresso {

class PeerDirectory {
 public:
  // `keys` must outlive the directory.
  explicit PeerDirectory(const StakeTableKeys& keys) : keys_(&keys) {}

  std::size_t size() const { return keys_->size(); }
  // nullopt for a key outside the stake table.
  std::optional<consensus::NodeIndex> index_of(const BlsPublicKey& key) const;
  // The key of a member; `index` must be below size().
  const BlsPublicKey& key_of(consensus::NodeIndex index) const { return keys_->key(index); }

 private:
  const StakeTableKeys* keys_;
};

}  // namespace espresso
