// The leader role of a Replica: build a block, send the payload to the DA committee and a VID share
// to every other node, collect DA votes into a DA certificate, then propose on the highest QC; and,
// as the next view's leader, collect quorum votes into QCs while its own DA round already runs.

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
  if (leader.built) return finish_proposal();
  if (resend_restored_proposal(view)) return;
  // Justified by the QC of the previous view, or by the TC that ended it.
  const bool direct = high_qc.view + 1 == view;
  const bool after_timeout = last_tc && last_tc->view + 1 == view;
  if (!direct && !after_timeout) return;
  const Leaf* parent = find_leaf(high_qc.subject);
  if (parent == nullptr) return request(high_qc.subject);
  const auto version = version_after(high_qc.subject, view);
  if (!version) return;  // an ancestor is missing (requested)

  // Usually started already, on the previous view's proposal (whose leaf is this parent).
  start_da_round(view, high_qc.subject);
  const DaRound& round = da_rounds.at(view);
  leader.built = true;
  // Not dispersed: cannot happen with a payload the builder sized. The payload is held until its
  // block is decided. Either way the view times out without a proposal, as it does when the
  // builder cannot make a header (a payload restored after a restart, whose namespace table it
  // never saw): an invalid proposal would only cost every replica a check.
  const auto held = da_payloads.find(round.payload_commitment);
  if (!round.dispersed || held == da_payloads.end()) return;
  Bytes header = ctx.builder.build_header(*parent, view, *version, round.payload_commitment,
                                          held->second.bytes);
  if (header.empty()) return;
  leader.leaf = Leaf{view, parent->height + 1, parent->commitment(), round.payload_commitment,
                     std::move(header)};
  leader.justify = high_qc;
  finish_proposal();  // the DA certificate may be here already
}

Replica::Impl::NewPayload Replica::Impl::build_payload(ViewNumber view, const Commitment& tip) {
  const auto& limits = config.limits;
  // The undecided blocks this one extends already hold some transactions: mark them so they are
  // not sequenced twice (they return to the pool if those blocks fail).
  for (auto it = proposals.find(tip);
       it != proposals.end() && it->second.leaf.height > last_decided.height;
       it = proposals.find(it->second.leaf.parent)) {
    mempool.mark_included(it->second.transactions, it->second.view());
  }
  auto taken = mempool.take(view, limits.max_payload_bytes, limits.max_block_transactions);
  auto built = ctx.builder.build_block_payload(taken.transactions);
  // List only what the block holds, in block order: a commitment in the proposal is removed
  // everywhere on decide, so one the builder left out would otherwise never be sequenced; the
  // order lets every node pair the list with the payload's transactions at decide.
  NewPayload result{std::move(built.payload), {}};
  std::vector<bool> in_block(taken.commitments.size(), false);
  for (const std::size_t position : built.included) {
    ESEQ_CHECK(position < in_block.size() && !in_block[position],
               "builder positions must be distinct and in range");
    in_block[position] = true;
    result.transactions.push_back(taken.commitments[position]);
  }
  std::vector<Commitment> left_out;
  for (std::size_t i = 0; i < in_block.size(); ++i) {
    if (!in_block[i]) left_out.push_back(taken.commitments[i]);
  }
  mempool.release(left_out);
  return result;
}

void Replica::Impl::start_da_round(ViewNumber view, const Commitment& tip) {
  if (da_rounds.contains(view)) return;
  DaRound& round = da_rounds[view];
  // Restarted after sending this view's DA proposal: send the same payload again (a second one
  // would make this honest leader look like an equivocator, and DA members voted on the first).
  NewPayload built;
  const auto restored = std::find_if(da_payloads.begin(), da_payloads.end(),
                                     [&](const auto& e) { return e.second.view == view; });
  if (restored != da_payloads.end()) {
    built.payload = restored->second.bytes;
  } else {
    built = build_payload(view, tip);
  }
  const Bytes& payload = built.payload;
  // Our own share needs no check, and DA members take theirs from the DA proposal's payload
  // (on_da_proposal): only the other nodes get one sent.
  std::vector<NodeIndex> recipients{me()};
  for (std::size_t node = 0; node < nodes(); ++node) {
    const auto other = static_cast<NodeIndex>(node);
    if (other != me() && !ctx.table.is_da_member(other)) recipients.push_back(other);
  }
  auto dispersal = ctx.vid.disperse_to(payload, recipients, nodes());
  if (!dispersal) return;
  const Commitment commitment = dispersal->commitment;
  round.dispersed = true;
  round.payload_commitment = commitment;
  round.transactions = std::move(built.transactions);

  // Stored before it leaves, so a restart in this view resends this payload (see above): sent
  // before the record were durable, a crash could make this honest leader send a second payload
  // for the view, which is equivocation to everyone else.
  auto& held = da_payloads[commitment];
  held.view = std::max(held.view, view);
  held.bytes = payload;
  persist(PersistDaProposal{held.view, commitment, payload});
  const Signature da_signature = ctx.signer.sign(da_proposal_digest(view, commitment));
  auto da = std::make_shared<const Message>(DaProposal{view, commitment, payload, da_signature});
  for (NodeIndex member : ctx.table.da_members()) out.push_back(SendAction{member, da});
  hold_share(view, commitment, std::move(dispersal->shares[me()]));
  for (const NodeIndex to : recipients) {
    if (to != me()) send(to, VidDisperse{view, commitment, to, std::move(dispersal->shares[to])});
  }
}

void Replica::Impl::finish_proposal() {
  if (!leader.built || leader.proposed) return;
  if (leader.view != pacemaker.view()) return;
  const auto round = da_rounds.find(leader.view);
  if (round == da_rounds.end() || !round->second.certificate) return;
  QuorumProposal proposal;
  proposal.leaf = leader.leaf;
  proposal.justify = leader.justify;
  proposal.da = *round->second.certificate;
  proposal.transactions = round->second.transactions;
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
    // Announced at once, unless the proposal carrying it left in this step: that proposal waits
    // for the next payload's DA certificate, and the replicas can lock and decide meanwhile. It
    // holds no vote of ours, so it need not wait for the disk.
    if (!(leader.view == cert.view + 1 && leader.proposed)) {
      broadcast(QuorumCertificateMessage{cert}, /*include_self=*/false,
                /*waits_for_persist=*/false);
    }
  } else if (cert.kind == CertificateKind::kUpgrade) {
    if (!upgrade_certificate) upgrade_certificate = cert;
  } else if (const auto round = da_rounds.find(cert.view);
             round != da_rounds.end() && round->second.dispersed &&
             round->second.payload_commitment == cert.subject) {
    round->second.certificate = cert;
    finish_proposal();
  }
}

}  // namespace espresso::consensus
