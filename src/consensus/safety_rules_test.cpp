#include "consensus/safety_rules.hpp"

#include <gtest/gtest.h>

namespace espresso::consensus {
namespace {

QuorumProposal proposal(ViewNumber view, ViewNumber justify_view,
                        std::optional<ViewNumber> tc_view = std::nullopt) {
  QuorumProposal p;
  p.leaf.view = view;
  p.justify.view = justify_view;
  if (tc_view) p.timeout = Certificate{CertificateKind::kTimeout, *tc_view, {}, {}, {}};
  return p;
}

TEST(SafetyRules, VotesOnceForAJustifiedProposalThatRespectsTheLock) {
  const SafetyState state{.current_view = 5, .last_voted_view = 4, .lock_view = 4};
  EXPECT_EQ(vote_verdict(state, proposal(5, 4)), VoteVerdict::kVote);
  EXPECT_EQ(vote_verdict(state, proposal(6, 5)), VoteVerdict::kWrongView);
  EXPECT_EQ(vote_verdict({5, 5, 4}, proposal(5, 4)), VoteVerdict::kAlreadyVoted);
  EXPECT_EQ(vote_verdict({5, 5, 4}, proposal(5, 4), BrokenRule::kVoteTwice), VoteVerdict::kVote);
}

TEST(SafetyRules, LockRejectsLowerJustifyEvenAfterATimeout) {
  const SafetyState state{.current_view = 5, .last_voted_view = 3, .lock_view = 3};
  EXPECT_EQ(vote_verdict(state, proposal(5, 2, 4)), VoteVerdict::kViolatesLock);
  EXPECT_EQ(vote_verdict(state, proposal(5, 2, 4), BrokenRule::kIgnoreLock), VoteVerdict::kVote);
  EXPECT_EQ(vote_verdict(state, proposal(5, 3, 4)), VoteVerdict::kVote);
  EXPECT_EQ(vote_verdict(state, proposal(5, 3)), VoteVerdict::kNotJustified);
}

}  // namespace
}  // namespace espresso::consensus
