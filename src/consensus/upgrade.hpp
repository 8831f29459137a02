#pragma once
// Protocol upgrades: the genesis-configured window in which leaders propose an upgrade, the
// certificate (>= 9/10 of the stake) that approves it, and the view from which the new version
// (and with it the header format) is in force.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>

#include "consensus/stake_table.hpp"
#include "consensus/types.hpp"

namespace espresso::consensus {

struct Version {
  std::uint16_t major = 0;
  std::uint16_t minor = 1;
  friend auto operator<=>(const Version&, const Version&) = default;
};
std::string to_string(Version version);

// From genesis; identical on every node. Leaders propose the upgrade in views
// [start_proposing_view, stop_proposing_view) while their clock is in [start_proposing_time,
// stop_proposing_time); replicas vote for it in the voting views while their clock is in the voting
// times. The new version takes effect `activation_offset` views after the first block of the chain
// that carries the certificate. As upstream (espresso-sequencer, Upgrade::set_hotshot_config): a
// view-based genesis upgrade leaves the times unbounded, a time-based one the views, and unset
// voting bounds default to 0 and "never".
struct UpgradeConfig {
  static constexpr std::uint64_t kNever = UINT64_MAX;

  Version old_version{0, 1};
  Version new_version{0, 2};
  ViewNumber start_proposing_view = 0;
  ViewNumber stop_proposing_view = 0;
  ViewNumber activation_offset = 5;
  ViewNumber start_voting_view = 0;
  ViewNumber stop_voting_view = kNever;
  std::uint64_t start_proposing_time = 0;  // unix seconds
  std::uint64_t stop_proposing_time = kNever;
  std::uint64_t start_voting_time = 0;
  std::uint64_t stop_voting_time = kNever;

  // A genesis `[upgrade]` in view mode or in time mode.
  static UpgradeConfig view_based(Version old_version, Version new_version, ViewNumber start,
                                  ViewNumber stop, std::optional<ViewNumber> start_voting,
                                  std::optional<ViewNumber> stop_voting,
                                  ViewNumber activation_offset);
  static UpgradeConfig time_based(Version old_version, Version new_version, std::uint64_t start,
                                  std::uint64_t stop, std::optional<std::uint64_t> start_voting,
                                  std::optional<std::uint64_t> stop_voting,
                                  ViewNumber activation_offset);

  // Whether the windows depend on the clock at all (then a replica needs a WallClock).
  bool uses_time() const;
  // `now` is the local clock; nullopt (no clock) is outside any bounded time window.
  bool may_propose(ViewNumber view, std::optional<std::uint64_t> now) const;
  bool may_vote(ViewNumber view, std::optional<std::uint64_t> now) const;
  // The view part alone: what other nodes can check of a proposal or certificate (they cannot
  // know the clock its sender read).
  bool in_proposing_views(ViewNumber view) const {
    return view >= start_proposing_view && view < stop_proposing_view;
  }
  bool in_voting_views(ViewNumber view) const {
    return view >= start_voting_view && view < stop_voting_view;
  }
};

// What a leader in the window attaches to its quorum proposal.
struct UpgradeProposal {
  Version old_version;
  Version new_version;
  friend bool operator==(const UpgradeProposal&, const UpgradeProposal&) = default;
};

// What upgrade votes (CertificateKind::kUpgrade) sign, with the view of the proposal.
Commitment upgrade_subject(const UpgradeProposal& proposal);
UpgradeProposal proposal_of(const UpgradeConfig& config);

// An upgrade needs at least 9/10 of the total stake (not just more than 2/3): every honest node
// must be ready for the new version.
inline bool is_upgrade_quorum(const StakeTable& table, std::uint64_t weight) {
  const std::uint64_t total = table.total_weight();
  return weight >= total - total / 10;  // == ceil(9 * total / 10), without overflow
}

// The version of a block at `view` whose parent chain carries its first upgrade certificate in the
// block of view `anchor` (nullopt: no certificate on the chain).
Version version_at(const std::optional<UpgradeConfig>& config, Version base,
                   std::optional<ViewNumber> anchor, ViewNumber view);

}  // namespace espresso::consensus
