#pragma once
// What the node API needs from the running node besides the query store: its sync status and the
// current stake table. A plain interface (no Beast, no consensus internals) the node implements.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/u256.hpp"

namespace espresso::query {

// hotshot-query-service node::SyncStatus.
struct SyncStatus {
  std::uint64_t missing_blocks = 0;
  std::uint64_t missing_leaves = 0;
  std::uint64_t missing_vid_common = 0;
  std::uint64_t missing_vid_shares = 0;
  std::optional<std::uint64_t> pruned_height;
};

// One staker, as espresso-sequencer's PeerConfig: {"stake_table_entry": {"stake_key",
// "stake_amount"}, "state_ver_key"}.
struct StakeTableMember {
  std::string stake_key;      // TaggedBase64 BLS verification key
  U256 stake_amount;          // served as "0x..." hex
  std::string state_ver_key;  // TaggedBase64 state (Schnorr) verification key
};

class NodeStatusSource {
 public:
  virtual ~NodeStatusSource() = default;
  virtual SyncStatus sync_status() = 0;
  virtual std::vector<StakeTableMember> current_stake_table() = 0;
};

}  // namespace espresso::query
