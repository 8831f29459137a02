#include "consensus/safety_rules.hpp"

namespace espresso::consensus {

VoteVerdict vote_verdict(const SafetyState& state, const QuorumProposal& proposal,
                         BrokenRule broken) {
  const ViewNumber view = proposal.view();
  if (view != state.current_view) return VoteVerdict::kWrongView;
  if (view <= state.last_voted_view && broken != BrokenRule::kVoteTwice) {
    return VoteVerdict::kAlreadyVoted;
  }
  if (proposal.justify.view < state.lock_view && broken != BrokenRule::kIgnoreLock) {
    return VoteVerdict::kViolatesLock;
  }
  // Either the parent was certified in the previous view, or the previous view's TC says it failed.
  const bool direct = proposal.justify.view + 1 == view;
  const bool after_timeout = proposal.timeout && proposal.timeout->view + 1 == view;
  if (!direct && !after_timeout) return VoteVerdict::kNotJustified;
  return VoteVerdict::kVote;
}

}  // namespace espresso::consensus
