#pragma once
// When a replica may vote for a proposal (HotStuff-2 style lock on the highest QC).
//
// The lock is the highest QC seen. A proposal's parent is the leaf its justify QC certifies, and at
// most one leaf is certified per view, so "extends the locked leaf, or carries a higher QC" is
// exactly "justify.view >= lock.view". With the two-chain decide rule this keeps every certified
// leaf from the decided view on a descendant of the decided leaf (see docs/consensus.md).

#include "consensus/messages.hpp"

namespace espresso::consensus {

// Deliberately broken rules, ONLY for tests that prove the simulator's checker can fail.
enum class BrokenRule { kNone, kVoteTwice, kIgnoreLock, kDecideOnOneChain };

struct SafetyState {
  ViewNumber current_view = 0;
  ViewNumber last_voted_view = 0;  // quorum or timeout vote
  ViewNumber lock_view = 0;        // view of the highest QC
};

enum class VoteVerdict { kVote, kWrongView, kAlreadyVoted, kViolatesLock, kNotJustified };

// Structural checks (signatures, certificates, parent = justify subject) happen before this.
VoteVerdict vote_verdict(const SafetyState& state, const QuorumProposal& proposal,
                         BrokenRule broken = BrokenRule::kNone);

}  // namespace espresso::consensus
