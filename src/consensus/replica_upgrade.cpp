// The upgrade part of a Replica: leaders in the window ask for upgrade votes, replicas in the
// window sign them, >= 9/10 of the stake forms the certificate, proposals carry it until a block of
// the chain does, and the version of every block follows from its chain (so every honest node
// switches at the same view and height).

#include "consensus/replica_impl.hpp"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace espresso::consensus {

std::optional<std::optional<ViewNumber>> Replica::Impl::upgrade_anchor_of(const Commitment& leaf) {
  if (!config.upgrade) return std::optional<ViewNumber>{};
  // Walk down to the decided leaf or a memoized one, then fill the memo on the way back up.
  std::vector<const QuorumProposal*> path;
  std::optional<ViewNumber> anchor;
  Commitment cursor = leaf;
  while (true) {
    if (cursor == last_decided_commitment) {
      anchor = decided_upgrade_anchor;
      break;
    }
    if (const auto memo = upgrade_anchors.find(cursor); memo != upgrade_anchors.end()) {
      anchor = memo->second;
      break;
    }
    const auto it = proposals.find(cursor);
    if (it == proposals.end()) {
      request(cursor);
      return std::nullopt;
    }
    if (it->second.leaf.height <= last_decided.height) return std::nullopt;  // a fork: never used
    path.push_back(&it->second);
    cursor = it->second.leaf.parent;
  }
  for (auto p = path.rbegin(); p != path.rend(); ++p) {
    if (!anchor && (*p)->leaf.upgrade_certificate) anchor = (*p)->view();
    upgrade_anchors[(*p)->leaf.commitment()] = anchor;
  }
  return anchor;
}

std::optional<Version> Replica::Impl::version_after(const Commitment& parent, ViewNumber view) {
  const auto anchor = upgrade_anchor_of(parent);
  if (!anchor) return std::nullopt;
  return version_at(config.upgrade, config.version, *anchor, view);
}

std::optional<DropReason> Replica::Impl::upgrade_problem(const QuorumProposal& p) {
  // Only the view part of the windows can be checked here: the leader's clock is its own.
  if (p.upgrade_proposal && (!config.upgrade || !config.upgrade->in_proposing_views(p.view()) ||
                             *p.upgrade_proposal != proposal_of(*config.upgrade))) {
    return DropReason::kMalformed;  // honest leaders propose only the configured upgrade
  }
  if (!p.leaf.upgrade_certificate) return std::nullopt;
  const Certificate& cert = *p.leaf.upgrade_certificate;
  if (!config.upgrade || !config.upgrade->in_proposing_views(cert.view) ||
      !config.upgrade->in_voting_views(cert.view) || cert.view >= p.view() ||
      cert.subject != upgrade_subject(proposal_of(*config.upgrade))) {
    return DropReason::kBadCertificate;
  }
  return certificate_problem(cert, CertificateKind::kUpgrade);
}

void Replica::Impl::note_upgrade(const QuorumProposal& p) {
  if (p.leaf.upgrade_certificate && !upgrade_certificate)
    upgrade_certificate = p.leaf.upgrade_certificate;
}

void Replica::Impl::vote_upgrade(const QuorumProposal& p) {
  if (!p.upgrade_proposal || !config.upgrade || upgrade_certificate) return;
  if (!config.upgrade->may_vote(p.view(), now_unix_seconds())) return;
  const Commitment subject = upgrade_subject(*p.upgrade_proposal);
  const Hash32 digest = vote_digest(CertificateKind::kUpgrade, p.view(), subject);
  send(ctx.table.leader(p.view() + 1),
       Vote{CertificateKind::kUpgrade, p.view(), subject, me(), ctx.signer.sign(digest)});
  ++metrics.upgrade_votes_sent;
}

void Replica::Impl::attach_upgrade(QuorumProposal& p) {
  if (!config.upgrade) return;
  const auto anchor = upgrade_anchor_of(p.leaf.parent);
  if (!anchor || *anchor) return;  // unknown chain, or the chain already carries a certificate
  if (upgrade_certificate) {
    p.leaf.upgrade_certificate = upgrade_certificate;
  } else if (config.upgrade->may_propose(p.view(), now_unix_seconds())) {
    p.upgrade_proposal = proposal_of(*config.upgrade);
  }
}

}  // namespace espresso::consensus
