// The leader role of a Replica: build a block on the highest QC, send the payload to the DA
// committee and a VID share to every other node, collect DA votes into a DA certificate, then
// propose; and, as the next view's leader, collect quorum votes into QCs.

#include <algorithm>

#include "common/check.hpp"
#include "consensus/replica_impl.hpp"

// GCC 12 with -fsanitize reports std::variant<Action> moves as maybe-uninitialized (a known false
// positive for variants holding std::vector<bool>); the plain build does not.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace espresso::consensus {

void Replica::Impl::try_propose() {
  const ViewNumber view = pacemaker.view();
  if (ctx.table.leader(view) != me()) return;
  if (leader.view != view) {
    leader = LeaderState{};
    leader.view = view;
  }
  if (leader.built) return;
  if (resend_restored_proposal(view)) return;
  // Justified by the QC of the previous view, or by the TC that ended it.
  const bool direct = high_qc.view + 1 == view;
  const bool after_timeout = last_tc && last_tc->view + 1 == view;
  if (!direct && !after_timeout) return;
  const Leaf* parent = find_leaf(high_qc.subject);
  if (parent == nullptr) return request(high_qc.subject);
  const auto version = version_after(high_qc.subject, view);
  if (!version) return;  // an ancestor is missing (requested)

  // Restarted after sending this view's DA proposal: send the same payload again (a second one
  // would make this honest leader look like an equivocator, and DA members voted on the first).
  const auto restored_da = std::find_if(da_payloads.begin(), da_payloads.end(),
                                        [&](const auto& e) { return e.second.view == view; });
  if (restored_da != da_payloads.end()) {
    const Bytes payload = restored_da->second.bytes;
    return propose_payload(*parent, *version, payload, {});
  }

  const auto& limits = config.limits;
  // The undecided blocks this one extends already hold some transactions: mark them so they are
  // not sequenced twice (they return to the pool if those blocks fail).
  for (auto it = proposals.find(high_qc.subject);
       it != proposals.end() && it->second.leaf.height > last_decided.height;
       it = proposals.find(it->second.leaf.parent)) {
    mempool.mark_included(it->second.transactions, it->second.view());
  }
  auto taken = mempool.take(view, limits.max_payload_bytes, limits.max_block_transactions);
  auto built = ctx.builder.build_block_payload(taken.transactions);
  const Bytes& payload = built.payload;
  // List only what the block holds, in block order: a commitment in the proposal is removed
  // everywhere on decide, so one the builder left out would otherwise never be sequenced; the
  // order lets every node pair the list with the payload's transactions at decide.
  std::vector<Commitment> included;
  std::vector<bool> in_block(taken.commitments.size(), false);
  for (const std::size_t position : built.included) {
    ESEQ_CHECK(position < in_block.size() && !in_block[position],
               "builder positions must be distinct and in range");
    in_block[position] = true;
    included.push_back(taken.commitments[position]);
  }
  std::vector<Commitment> left_out;
  for (std::size_t i = 0; i < in_block.size(); ++i) {
    if (!in_block[i]) left_out.push_back(taken.commitments[i]);
  }
  mempool.release(left_out);
  propose_payload(*parent, *version, payload, std::move(included));
}

void Replica::Impl::propose_payload(const Leaf& parent, Version version, const Bytes& payload,
                                    std::vector<Commitment> transactions) {
  const ViewNumber view = pacemaker.view();
  // Our own share needs no check, and DA members take theirs from the DA proposal's payload
  // (on_da_proposal): only the other nodes get one sent.
  std::vector<NodeIndex> recipients{me()};
  for (std::size_t node = 0; node < nodes(); ++node) {
    const auto other = static_cast<NodeIndex>(node);
    if (other != me() && !ctx.table.is_da_member(other)) recipients.push_back(other);
  }
  auto dispersal = ctx.vid.disperse_to(payload, recipients, nodes());
  leader.built = true;
  if (!dispersal) return;  // cannot happen with a payload the builder sized; the view times out
  const Commitment commitment = dispersal->commitment;
  Leaf leaf{view, parent.height + 1, parent.commitment(), commitment,
            ctx.builder.build_header(parent, view, version, commitment, payload.size())};
  leader.leaf = std::move(leaf);
  leader.justify = high_qc;
  leader.transactions = std::move(transactions);

  // Stored before it leaves, so a restart in this view resends this payload (see try_propose):
  // sent before the record were durable, a crash could make this honest leader send a second
  // payload for the view, which is equivocation to everyone else.
  auto& held = da_payloads[commitment];
  held.view = std::max(held.view, view);
  held.bytes = payload;
  persist(PersistDaProposal{held.view, commitment, payload});
  const Signature da_signature = ctx.signer.sign(da_proposal_digest(view, commitment));
  auto da = std::make_shared<const Message>(DaProposal{view, commitment, payload, da_signature});
  for (NodeIndex member : ctx.table.da_members()) out.push_back(SendAction{member, da});
  keep_share(view, commitment, std::move(dispersal->shares[me()]));
  for (const NodeIndex to : recipients) {
    if (to != me()) send(to, VidDisperse{view, commitment, to, std::move(dispersal->shares[to])});
  }
}

void Replica::Impl::finish_proposal() {
  if (!leader.built || leader.proposed || !leader.da) return;
  if (leader.view != pacemaker.view()) return;
  QuorumProposal proposal;
  proposal.leaf = leader.leaf;
  proposal.justify = leader.justify;
  proposal.da = *leader.da;
  proposal.transactions = leader.transactions;
  if (leader.justify.view + 1 != leader.view) proposal.timeout = last_tc;
  attach_upgrade(proposal);
  proposal.signature = ctx.signer.sign(proposal_digest(proposal));
  leader.proposed = true;
  ++metrics.proposals_sent;
  // Stored before it leaves: a leader restarted in this view sends this proposal again instead of
  // building a second one (which would make an honest node an equivocating leader).
  if (proposal.leaf.height > last_decided.height) persist(PersistProposal{proposal});
  broadcast(std::move(proposal), /*include_self=*/true);
}

bool Replica::Impl::resend_restored_proposal(ViewNumber view) {
  const auto own = std::find_if(proposals.begin(), proposals.end(),
                                [&](const auto& e) { return e.second.view() == view; });
  if (own == proposals.end()) return false;
  leader.built = leader.proposed = true;
  leader.leaf = own->second.leaf;
  broadcast(own->second, /*include_self=*/false);
  if (!pending_vote) pending_vote = own->second;
  try_vote();
  return true;
}

void Replica::Impl::on_vote(NodeIndex from, const Vote& vote) {
  if (vote.signer != from) return drop(DropReason::kWrongSender);
  if (vote.signature.size() > ctx.verifier.max_signature_size()) {
    return drop(DropReason::kOversize);
  }
  const ViewNumber view = pacemaker.view();
  switch (vote.kind) {
    case CertificateKind::kQuorum:
      // Quorum votes for view v go to the leader of v + 1.
      if (ctx.table.leader(vote.view + 1) != me()) return drop(DropReason::kWrongSender);
      if (vote.view + 1 < view) return drop(DropReason::kStaleView);
      break;
    case CertificateKind::kDa:
      if (ctx.table.leader(vote.view) != me() || !ctx.table.is_da_member(from)) {
        return drop(DropReason::kWrongSender);
      }
      if (vote.view < view) return drop(DropReason::kStaleView);
      break;
    case CertificateKind::kUpgrade:
      // Upgrade votes ride with quorum votes to the next leader, only for the configured upgrade
      // in the window.
      if (ctx.table.leader(vote.view + 1) != me()) return drop(DropReason::kWrongSender);
      if (vote.view + 1 < view) return drop(DropReason::kStaleView);
      if (!config.upgrade || !config.upgrade->in_proposing_views(vote.view) ||
          !config.upgrade->in_voting_views(vote.view) ||
          vote.subject != upgrade_subject(proposal_of(*config.upgrade))) {
        return drop(DropReason::kMalformed);
      }
      if (upgrade_certificate) return;  // already have one; nothing more to form
      break;
    case CertificateKind::kTimeout:
      return drop(DropReason::kMalformed);  // sent as TimeoutVote
    default:
      return drop(DropReason::kMalformed);
  }
  if (vote.view > view + config.limits.vote_horizon) return drop(DropReason::kFutureView);

  const AccumulatorKey key{vote.kind, vote.view, vote.subject};
  auto it = accumulators.try_emplace(key, vote.kind, vote.view, vote.subject).first;
  auto outcome = it->second.add(vote, ctx.table, ctx.verifier);
  if (outcome.duplicate) drop(DropReason::kDuplicate);
  metrics.drops[static_cast<std::size_t>(DropReason::kBadSignature)] += outcome.bad_signatures;
  if (!outcome.certificate) return;
  const Certificate& cert = *outcome.certificate;
  verified_certificates.emplace(cert.id(), cert.view);
  if (cert.kind == CertificateKind::kQuorum) {
    on_qc(cert);
  } else if (cert.kind == CertificateKind::kUpgrade) {
    if (!upgrade_certificate) upgrade_certificate = cert;
  } else if (leader.view == cert.view && leader.built &&
             leader.leaf.payload_commitment == cert.subject) {
    leader.da = cert;
    finish_proposal();
  }
}

}  // namespace espresso::consensus
