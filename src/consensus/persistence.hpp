#pragma once
// What a replica writes before acting on it, and what it gets back on restart. The driver applies
// records in order and durably before executing any later action of the same batch, so a vote never
// leaves the process before the state it depends on is stored.

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "consensus/messages.hpp"

namespace espresso::consensus {

struct PersistVotedView {  // highest view voted (quorum vote or timeout vote) in
  ViewNumber view = 0;
};
struct PersistHighQc {  // the highest QC seen; it is also the lock
  Certificate qc;
};
struct PersistProposal {  // an undecided proposal this replica validated
  QuorumProposal proposal;
};
struct PersistDecided {  // the newest decided leaf; older undecided proposals may be dropped
  Leaf leaf;
  std::optional<ViewNumber> upgrade_anchor;  // view of the first decided block with an upgrade cert
};
// DA members: the payload of a DA proposal this replica is about to vote for.
struct PersistDaProposal {
  ViewNumber view = 0;
  Commitment payload_commitment{};
  Bytes payload;
};
// This replica's own verified VID share of a payload (the latest view that used the payload).
struct PersistVidShare {
  ViewNumber view = 0;
  Commitment payload_commitment{};
  Bytes share;
};
struct PersistDaVotedView {  // highest view whose DA proposal this replica voted for
  ViewNumber view = 0;
};
using PersistRecord = std::variant<PersistVotedView, PersistHighQc, PersistProposal, PersistDecided,
                                   PersistDaProposal, PersistVidShare, PersistDaVotedView>;

// Decided proposals (the decided chain's own, each certified by its child's justify QC) kept below
// the decided height, so that a restarted replica still answers a lagging peer's ProposalRequest.
constexpr std::uint64_t kKeptDecidedHeights = 256;

// The state rebuilt from the records.
struct PersistedState {
  ViewNumber last_voted_view = 0;
  Certificate high_qc = genesis_qc();
  Leaf last_decided = genesis_leaf();
  std::optional<ViewNumber> upgrade_anchor;
  std::vector<QuorumProposal> undecided;
  // The decided chain's last kKeptDecidedHeights proposals (up to last_decided), by height.
  std::vector<QuorumProposal> recent_decided;
  ViewNumber da_voted_view = 0;
  // One entry per payload commitment (the newest record wins); those at or below the decided
  // view are dropped.
  std::vector<PersistDaProposal> da_proposals;
  std::vector<PersistVidShare> vid_shares;

  void apply(const PersistRecord& record);

 private:
  void keep_decided_chain();
};

}  // namespace espresso::consensus
