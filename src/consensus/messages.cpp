#include "consensus/messages.hpp"

#include "common/hash.hpp"

namespace espresso::consensus {
namespace {

void put_u64(Sha256& hasher, std::uint64_t value) {
  ByteArray<8> bytes{};
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(value >> (8 * i));
  hasher.update(bytes);
}

Hash32 tagged_digest(std::string_view tag, ViewNumber view, const Commitment& subject) {
  Sha256 hasher;
  hasher.update(as_bytes(tag));
  put_u64(hasher, view);
  hasher.update(subject);
  return hasher.finalize();
}

}  // namespace

Commitment Leaf::commitment() const {
  Sha256 hasher;
  hasher.update(as_bytes("espresso/leaf/v1"));
  put_u64(hasher, view);
  put_u64(hasher, height);
  hasher.update(parent);
  hasher.update(payload_commitment);
  put_u64(hasher, header.size());
  hasher.update(header);
  // Only when present, so leaves without one keep their commitment.
  if (upgrade_certificate) {
    hasher.update(as_bytes("upgrade-certificate"));
    hasher.update(upgrade_certificate->id());
  }
  return hasher.finalize();
}

Leaf genesis_leaf() {
  return Leaf{};
}

Hash32 Certificate::id() const {
  Sha256 hasher;
  hasher.update(vote_digest(kind, view, subject));
  put_u64(hasher, signers.size());
  Bytes bits((signers.size() + 7) / 8, 0);
  for (std::size_t i = 0; i < signers.size(); ++i) {
    if (signers[i]) bits[i / 8] |= static_cast<std::uint8_t>(1u << (i % 8));
  }
  hasher.update(bits);
  hasher.update(aggregate);
  return hasher.finalize();
}

Certificate genesis_qc() {
  return Certificate{CertificateKind::kQuorum, 0, genesis_leaf().commitment(), {}, {}};
}

bool is_genesis_qc(const Certificate& qc) {
  return qc.kind == CertificateKind::kQuorum && qc.view == 0 && qc.signers.empty() &&
         qc.aggregate.empty() && qc.subject == genesis_leaf().commitment();
}

Hash32 vote_digest(CertificateKind kind, ViewNumber view, const Commitment& subject) {
  switch (kind) {
    case CertificateKind::kQuorum:
      return tagged_digest("espresso/quorum-vote/v1", view, subject);
    case CertificateKind::kDa:
      return tagged_digest("espresso/da-vote/v1", view, subject);
    case CertificateKind::kTimeout:
      return tagged_digest("espresso/timeout-vote/v1", view, subject);
    case CertificateKind::kUpgrade:
      return tagged_digest("espresso/upgrade-vote/v1", view, subject);
  }
  return tagged_digest("espresso/unknown-vote/v1", view, subject);
}

Hash32 da_proposal_digest(ViewNumber view, const Commitment& payload_commitment) {
  return tagged_digest("espresso/da-proposal/v1", view, payload_commitment);
}

Hash32 proposal_digest(const QuorumProposal& proposal) {
  Sha256 hasher;
  hasher.update(
      tagged_digest("espresso/quorum-proposal/v1", proposal.leaf.view, proposal.leaf.commitment()));
  put_u64(hasher, proposal.transactions.size());
  for (const auto& tx : proposal.transactions) hasher.update(tx);
  // Upgrade fields only when present, so proposals without them keep their digest.
  if (proposal.upgrade_proposal) {
    hasher.update(as_bytes("upgrade-proposal"));
    hasher.update(upgrade_subject(*proposal.upgrade_proposal));
  }
  return hasher.finalize();
}

ViewNumber message_view(const Message& message) {
  struct Visitor {
    ViewNumber operator()(const DaProposal& m) const { return m.view; }
    ViewNumber operator()(const VidDisperse& m) const { return m.view; }
    ViewNumber operator()(const QuorumProposal& m) const { return m.view(); }
    ViewNumber operator()(const Vote& m) const { return m.view; }
    ViewNumber operator()(const TimeoutVote& m) const { return m.vote.view; }
    ViewNumber operator()(const ProposalRequest&) const { return 0; }
    ViewNumber operator()(const ProposalResponse& m) const { return m.proposal.view(); }
    ViewNumber operator()(const TransactionMessage&) const { return 0; }
    ViewNumber operator()(const QuorumCertificateMessage& m) const { return m.qc.view; }
  };
  return std::visit(Visitor{}, message);
}

const char* message_name(const Message& message) {
  static constexpr const char* kNames[] = {
      "da-proposal",       "vid-disperse",     "quorum-proposal",   "vote",
      "timeout-vote",      "proposal-request", "proposal-response", "transaction",
      "quorum-certificate"};
  return kNames[message.index()];
}

}  // namespace espresso::consensus
