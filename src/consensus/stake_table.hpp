#pragma once
// The stake table as consensus sees it: one weight per node, the DA committee, thresholds and the
// stake-weighted leader of each view.

#include <cstdint>
#include <vector>

#include "common/result.hpp"
#include "consensus/types.hpp"

namespace espresso::consensus {

struct StakeEntry {
  std::uint64_t weight = 1;
  bool da_member = false;
};

class StakeTable {
 public:
  // Fails on an empty table, a zero weight, no DA member or a total weight that could overflow.
  static Result<StakeTable> create(std::vector<StakeEntry> entries);

  std::size_t size() const { return entries_.size(); }
  std::uint64_t weight(NodeIndex node) const { return entries_[node].weight; }
  bool is_da_member(NodeIndex node) const { return entries_[node].da_member; }
  std::uint64_t total_weight() const { return total_; }
  std::uint64_t da_total_weight() const { return da_total_; }

  // Quorum (and timeout) certificates need strictly more than 2/3 of the total stake.
  bool is_quorum(std::uint64_t weight) const { return 3 * weight > 2 * total_; }
  // DA certificates need strictly more than 2/3 of the DA committee's stake.
  bool is_da_quorum(std::uint64_t weight) const { return 3 * weight > 2 * da_total_; }
  // Largest number of nodes, lightest first, whose stake stays below 1/3 (what the protocol
  // tolerates).
  std::size_t max_faulty_weight() const { return (total_ - 1) / 3; }

  // Stake-weighted, deterministic: a mixed hash of the view picks a point in [0, total) and the
  // node whose cumulative weight range holds it leads.
  NodeIndex leader(ViewNumber view) const;
  std::vector<NodeIndex> da_members() const;

 private:
  explicit StakeTable(std::vector<StakeEntry> entries);
  std::vector<StakeEntry> entries_;
  std::vector<std::uint64_t> cumulative_;  // cumulative_[i] = sum of weights [0, i]
  std::uint64_t total_ = 0;
  std::uint64_t da_total_ = 0;
};

}  // namespace espresso::consensus
