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

namespace {

bool in_times(std::uint64_t start, std::uint64_t stop, std::optional<std::uint64_t> now) {
  if (start == 0 && stop == UpgradeConfig::kNever) return true;  // unbounded: no clock needed
  return now && *now >= start && *now < stop;
}

}  // namespace

UpgradeConfig UpgradeConfig::view_based(Version old_version, Version new_version, ViewNumber start,
                                        ViewNumber stop, std::optional<ViewNumber> start_voting,
                                        std::optional<ViewNumber> stop_voting,
                                        ViewNumber activation_offset) {
  UpgradeConfig config;
  config.old_version = old_version;
  config.new_version = new_version;
  config.start_proposing_view = start;
  config.stop_proposing_view = stop;
  config.start_voting_view = start_voting.value_or(0);
  config.stop_voting_view = stop_voting.value_or(kNever);
  config.activation_offset = activation_offset;
  return config;
}

UpgradeConfig UpgradeConfig::time_based(Version old_version, Version new_version,
                                        std::uint64_t start, std::uint64_t stop,
                                        std::optional<std::uint64_t> start_voting,
                                        std::optional<std::uint64_t> stop_voting,
                                        ViewNumber activation_offset) {
  UpgradeConfig config;
  config.old_version = old_version;
  config.new_version = new_version;
  config.start_proposing_view = 0;
  config.stop_proposing_view = kNever;
  config.start_proposing_time = start;
  config.stop_proposing_time = stop;
  config.start_voting_time = start_voting.value_or(0);
  config.stop_voting_time = stop_voting.value_or(kNever);
  config.activation_offset = activation_offset;
  return config;
}

bool UpgradeConfig::uses_time() const {
  return start_proposing_time != 0 || stop_proposing_time != kNever || start_voting_time != 0 ||
         stop_voting_time != kNever;
}

bool UpgradeConfig::may_propose(ViewNumber view, std::optional<std::uint64_t> now) const {
  return in_proposing_views(view) && in_times(start_proposing_time, stop_proposing_time, now);
}

bool UpgradeConfig::may_vote(ViewNumber view, std::optional<std::uint64_t> now) const {
  return in_voting_views(view) && in_times(start_voting_time, stop_voting_time, now);
}

Version version_at(const std::optional<UpgradeConfig>& config, Version base,
                   std::optional<ViewNumber> anchor, ViewNumber view) {
  if (!config || !anchor) return base;
  return *anchor + config->activation_offset <= view ? config->new_version : base;
}

}  // namespace espresso::consensus
