#include "consensus/upgrade.hpp"

#include "common/hash.hpp"

namespace espresso::consensus {

std::string to_string(Version version) {
  return std::to_string(version.major) + "." + std::to_string(version.minor);
}

Commitment upgrade_subject(const UpgradeProposal& proposal) {
  Sha256 hasher;
  hasher.update(as_bytes("espresso/upgrade-proposal/v1"));
  for (std::uint16_t part : {proposal.old_version.major, proposal.old_version.minor,
                             proposal.new_version.major, proposal.new_version.minor}) {
    const ByteArray<2> bytes{static_cast<std::uint8_t>(part), static_cast<std::uint8_t>(part >> 8)};
    hasher.update(bytes);
  }
  return hasher.finalize();
}

UpgradeProposal proposal_of(const UpgradeConfig& config) {
  return UpgradeProposal{config.old_version, config.new_version};
}

Version version_at(const std::optional<UpgradeConfig>& config, Version base,
                   std::optional<ViewNumber> anchor, ViewNumber view) {
  if (!config || !anchor) return base;
  return *anchor + config->activation_offset <= view ? config->new_version : base;
}

}  // namespace espresso::consensus
