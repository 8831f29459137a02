#pragma once
// Protocol upgrades: the genesis-configured window in which leaders propose an upgrade, the
// certificate (>= 9/10 of the stake) that approves it, and the view from which the new version
// (and with it the header format) is in force.

#include <compare>
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

// From genesis; identical on every node. Leaders propose in views [start, stop) and replicas vote
// only for proposals of those views; the new version takes effect `activation_offset` views after
// the first block of the chain that carries the certificate.
struct UpgradeConfig {
  Version old_version{0, 1};
  Version new_version{0, 2};
  ViewNumber start_proposing_view = 0;
  ViewNumber stop_proposing_view = 0;
  ViewNumber activation_offset = 5;

  bool in_window(ViewNumber view) const {
    return view >= start_proposing_view && view < stop_proposing_view;
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
