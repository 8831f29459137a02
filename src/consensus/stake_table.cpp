#include "consensus/stake_table.hpp"

#include <algorithm>
#include <string>

namespace espresso::consensus {
namespace {

// splitmix64: a cheap, well-mixed bijection so consecutive views get unrelated leaders.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

constexpr std::uint64_t kMaxTotalWeight = std::uint64_t{1} << 60;  // 3 * total must not overflow

}  // namespace

Result<StakeTable> StakeTable::create(std::vector<StakeEntry> entries) {
  if (entries.empty()) return fail("stake table: expected at least one node, got none");
  std::uint64_t total = 0;
  bool any_da = false;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].weight == 0) {
      return fail("stake table: node " + std::to_string(i) + " has weight 0, expected > 0");
    }
    if (entries[i].weight > kMaxTotalWeight - total) {
      return fail("stake table: total weight exceeds 2^60");
    }
    total += entries[i].weight;
    any_da = any_da || entries[i].da_member;
  }
  if (!any_da) return fail("stake table: expected at least one DA committee member, got none");
  return StakeTable(std::move(entries));
}

StakeTable::StakeTable(std::vector<StakeEntry> entries) : entries_(std::move(entries)) {
  cumulative_.reserve(entries_.size());
  for (const auto& entry : entries_) {
    total_ += entry.weight;
    if (entry.da_member) da_total_ += entry.weight;
    cumulative_.push_back(total_);
  }
}

NodeIndex StakeTable::leader(ViewNumber view) const {
  const std::uint64_t point = mix(view) % total_;
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), point);
  return static_cast<NodeIndex>(it - cumulative_.begin());
}

std::vector<NodeIndex> StakeTable::da_members() const {
  std::vector<NodeIndex> out;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].da_member) out.push_back(static_cast<NodeIndex>(i));
  }
  return out;
}

}  // namespace espresso::consensus
