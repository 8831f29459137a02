#pragma once
// Collects votes for one (kind, view, subject) WITHOUT checking each signature. When the collected
// stake reaches the threshold it aggregates and verifies once; only if that fails does it check the
// votes one by one, drop the bad ones, and wait for more. Pairing cost per certificate, not per
// vote.

#include <optional>
#include <vector>

#include "consensus/messages.hpp"
#include "consensus/signature_scheme.hpp"
#include "consensus/stake_table.hpp"

namespace espresso::consensus {

class VoteAccumulator {
 public:
  VoteAccumulator(CertificateKind kind, ViewNumber view, const Commitment& subject);

  struct Outcome {
    std::optional<Certificate> certificate;  // formed by this vote
    std::size_t bad_signatures = 0;          // found while isolating a failed aggregate
    bool duplicate = false;                  // signer already voted (or was caught cheating)
  };

  // The caller has checked vote.kind/view/subject match and that the signer may vote.
  Outcome add(const Vote& vote, const StakeTable& table, const SignatureVerifier& verifier);

  bool complete() const { return complete_; }

 private:
  CertificateKind kind_;
  ViewNumber view_;
  Commitment subject_;
  std::vector<std::pair<NodeIndex, Signature>> pending_;
  std::vector<NodeIndex> rejected_;  // signers whose signature failed; later votes ignored
  std::uint64_t weight_ = 0;
  bool complete_ = false;
};

}  // namespace espresso::consensus
