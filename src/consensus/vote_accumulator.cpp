#include "consensus/vote_accumulator.hpp"

#include <algorithm>

namespace espresso::consensus {

VoteAccumulator::VoteAccumulator(CertificateKind kind, ViewNumber view, const Commitment& subject)
    : kind_(kind), view_(view), subject_(subject) {}

VoteAccumulator::Outcome VoteAccumulator::add(const Vote& vote, const StakeTable& table,
                                              const SignatureVerifier& verifier) {
  Outcome outcome;
  const auto seen = [&](NodeIndex signer) {
    return std::ranges::any_of(pending_, [&](const auto& p) { return p.first == signer; }) ||
           std::ranges::find(rejected_, signer) != rejected_.end();
  };
  if (complete_ || seen(vote.signer)) {
    outcome.duplicate = true;
    return outcome;
  }
  pending_.emplace_back(vote.signer, vote.signature);
  weight_ += table.weight(vote.signer);
  const auto enough = [&] {
    if (kind_ == CertificateKind::kDa) return table.is_da_quorum(weight_);
    if (kind_ == CertificateKind::kUpgrade) return is_upgrade_quorum(table, weight_);
    return table.is_quorum(weight_);
  };
  if (!enough()) return outcome;

  const Hash32 digest = vote_digest(kind_, view_, subject_);
  const auto try_aggregate = [&]() -> std::optional<Certificate> {
    std::vector<bool> signers(table.size(), false);
    std::vector<Signature> signatures;
    signatures.reserve(pending_.size());
    for (const auto& [signer, signature] : pending_) {
      signers[signer] = true;
      signatures.push_back(signature);
    }
    auto aggregate = verifier.aggregate(signatures);
    if (!aggregate || !verifier.verify_aggregate(signers, digest, *aggregate)) return std::nullopt;
    return Certificate{kind_, view_, subject_, std::move(signers), std::move(*aggregate)};
  };
  if (auto cert = try_aggregate()) {
    complete_ = true;
    outcome.certificate = std::move(cert);
    return outcome;
  }
  // Isolate the bad signatures (rare: only a faulty signer causes it).
  std::erase_if(pending_, [&](const auto& p) {
    if (verifier.verify(p.first, digest, p.second)) return false;
    rejected_.push_back(p.first);
    weight_ -= table.weight(p.first);
    ++outcome.bad_signatures;
    return true;
  });
  if (enough()) {
    if (auto cert = try_aggregate()) {
      complete_ = true;
      outcome.certificate = std::move(cert);
    }
  }
  return outcome;
}

}  // namespace espresso::consensus
