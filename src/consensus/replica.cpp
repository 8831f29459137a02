#include "consensus/replica.hpp"

#include <algorithm>
#include <optional>

#include "consensus/replica_impl.hpp"

// GCC 12 with -fsanitize reports std::variant<Action> moves as maybe-uninitialized (a known false
// positive for variants holding std::vector<bool>); the plain build does not.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace espresso::consensus {
namespace {

constexpr std::size_t kMaxOutstandingRequests = 256;
constexpr ViewNumber kKeptBlockViews = 64;  // payloads and shares kept while nothing is decided

}  // namespace

Replica::Impl::Impl(ReplicaConfig config_in, ReplicaContext context)
    : config(config_in),
      ctx(context),
      pacemaker(config_in.view_timeout_ms),
      mempool(config_in.mempool, CommitmentHash(), config_in.transaction_commitment) {}

// ---- plumbing ----

void Replica::Impl::send(NodeIndex to, Message message, bool waits_for_persist) {
  out.push_back(
      SendAction{to, std::make_shared<const Message>(std::move(message)), waits_for_persist});
}

void Replica::Impl::broadcast(Message message, bool include_self, bool waits_for_persist) {
  auto ptr = std::make_shared<const Message>(std::move(message));
  out.push_back(BroadcastAction{ptr, waits_for_persist});
  if (include_self) out.push_back(SendAction{me(), std::move(ptr), waits_for_persist});
}

void Replica::Impl::persist(PersistRecord record) {
  out.push_back(PersistAction{std::move(record)});
}

Actions Replica::Impl::finish() {
  return std::exchange(out, {});
}

void Replica::Impl::handle(NodeIndex from, const Message& message) {
  if (from >= nodes()) return drop(DropReason::kMalformed);
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, DaProposal>) on_da_proposal(from, m);
        if constexpr (std::is_same_v<T, VidDisperse>) on_vid(from, m);
        if constexpr (std::is_same_v<T, QuorumProposal>) on_proposal(from, m);
        if constexpr (std::is_same_v<T, Vote>) on_vote(from, m);
        if constexpr (std::is_same_v<T, TimeoutVote>) on_timeout_vote(from, m);
        if constexpr (std::is_same_v<T, ProposalRequest>) on_request(from, m);
        if constexpr (std::is_same_v<T, ProposalResponse>) on_response(from, m);
        if constexpr (std::is_same_v<T, TransactionMessage>) on_transaction(m);
        if constexpr (std::is_same_v<T, QuorumCertificateMessage>) on_quorum_certificate(from, m);
      },
      message);
}

// ---- certificates and views ----

std::optional<DropReason> Replica::Impl::certificate_problem(const Certificate& cert,
                                                             CertificateKind kind) {
  if (cert.kind == kind && kind == CertificateKind::kQuorum && is_genesis_qc(cert)) {
    return std::nullopt;
  }
  const Hash32 id = cert.id();
  if (verified_certificates.contains(id)) return std::nullopt;
  if (auto reason = check_certificate(ctx.table, ctx.verifier, cert, kind)) return reason;
  verified_certificates.emplace(id, cert.view);
  return std::nullopt;
}

void Replica::Impl::on_qc(const Certificate& qc) {
  if (!is_genesis_qc(qc)) {
    if (certified.insert(qc.subject).second) try_commit_from(qc.subject);
  }
  if (qc.view > high_qc.view) {
    high_qc = qc;
    persist(PersistHighQc{qc});
  }
  enter_view(qc.view + 1);
  try_propose();
}

void Replica::Impl::on_quorum_certificate(NodeIndex from, const QuorumCertificateMessage& m) {
  const Certificate& qc = m.qc;
  if (qc.kind != CertificateKind::kQuorum) return drop(DropReason::kMalformed);
  // Only the leader that formed it announces it: anyone else's copy could only be a replay.
  if (from != ctx.table.leader(qc.view + 1)) return drop(DropReason::kWrongSender);
  // Known already (the proposal carrying it came first) or older than the lock: nothing to learn,
  // and no signature check spent on it.
  if (qc.view <= high_qc.view) return drop(DropReason::kStaleView);
  if (qc.view > pacemaker.view() + config.limits.vote_horizon) {
    return drop(DropReason::kFutureView);
  }
  if (auto reason = certificate_problem(qc, CertificateKind::kQuorum)) return drop(*reason);
  on_qc(qc);
}

void Replica::Impl::on_tc(const Certificate& tc) {
  if (!last_tc || tc.view > last_tc->view) last_tc = tc;
  enter_view(tc.view + 1);
  try_propose();
}

void Replica::Impl::enter_view(ViewNumber view) {
  auto timer = pacemaker.advance_to(view);
  if (!timer) return;
  out.push_back(*timer);
  if (pending_vote && pending_vote->view() < view) pending_vote.reset();
  prune();
  resend_requests();  // a lagging node that never times out still retries its catch-up
  try_propose();
}

void Replica::Impl::prune() {
  const ViewNumber view = pacemaker.view();
  const auto old = [&](ViewNumber v, ViewNumber keep) { return v + keep < view; };
  std::erase_if(accumulators, [&](const auto& e) { return old(std::get<1>(e.first), 2); });
  // Shares and payloads normally leave on decide; this bounds them while no block is decided. Not
  // those of undecided proposals held here: this replica may have voted for them, and a restarted
  // node catching up can take more than kKeptBlockViews views to decide them (sim --seed 71
  // --faults crash,equivocate lost one so).
  std::set<Commitment> undecided_payloads;
  for (const auto& [commitment, p] : proposals) {
    if (p.leaf.height > last_decided.height) undecided_payloads.insert(p.leaf.payload_commitment);
  }
  const auto unneeded = [&](const auto& e) {
    return old(e.second.view, kKeptBlockViews) && !undecided_payloads.contains(e.first);
  };
  std::erase_if(vid_shares, unneeded);
  std::erase_if(da_payloads, unneeded);
  std::erase_if(verified_certificates, [&](const auto& e) { return old(e.second, 4); });
  std::erase_if(first_proposal_in_view, [&](const auto& e) { return old(e.first, 4); });
  // A DA proposal of a past view is refused as stale, so its vote needs no remembering.
  std::erase_if(da_voted_views, [&](ViewNumber v) { return v < view; });
  // DA rounds of views left behind are over (proposed or not). What their blocks and the chains
  // they extended hold becomes available again: whoever builds next marks its own chain first
  // (build_payload), and a round skipped by a jump ahead would otherwise hold its transactions.
  std::erase_if(da_rounds, [&](const auto& e) { return e.first < view; });
  mempool.release_up_to(view - 1);
}

// ---- replica role ----

const Leaf* Replica::Impl::find_leaf(const Commitment& commitment) const {
  if (commitment == last_decided_commitment) return &last_decided;
  if (const auto it = proposals.find(commitment); it != proposals.end()) return &it->second.leaf;
  return nullptr;
}

std::optional<DropReason> Replica::Impl::check_proposal(const QuorumProposal& p, bool own) {
  const auto& limits = config.limits;
  if (p.leaf.view == 0 || p.leaf.height == 0) return DropReason::kMalformed;
  if (p.leaf.header.size() > limits.max_header_bytes ||
      p.transactions.size() > limits.max_block_transactions ||
      p.signature.size() > ctx.verifier.max_signature_size()) {
    return DropReason::kOversize;
  }
  if (p.leaf.parent != p.justify.subject || p.justify.view >= p.leaf.view) {
    return DropReason::kMalformed;
  }
  if (p.timeout && p.timeout->view + 1 != p.leaf.view) return DropReason::kMalformed;
  if (p.justify.view + 1 != p.leaf.view && !p.timeout) return DropReason::kMalformed;
  if (p.da.view != p.leaf.view || p.da.subject != p.leaf.payload_commitment) {
    return DropReason::kMalformed;
  }
  // Our own proposal, delivered back to us, was signed here a moment ago.
  if (!own && !ctx.verifier.verify(ctx.table.leader(p.view()), proposal_digest(p), p.signature)) {
    return DropReason::kBadSignature;
  }
  if (auto reason = certificate_problem(p.justify, CertificateKind::kQuorum)) return reason;
  if (auto reason = certificate_problem(p.da, CertificateKind::kDa)) return reason;
  if (p.timeout) {
    if (auto reason = certificate_problem(*p.timeout, CertificateKind::kTimeout)) return reason;
  }
  return upgrade_problem(p);
}

void Replica::Impl::store_proposal(const QuorumProposal& p) {
  const Commitment commitment = p.leaf.commitment();
  // Kept in memory even below the decided height (forks are pruned at the next decide), so that a
  // conflicting two-chain is noticed rather than silently ignored.
  if (!proposals.emplace(commitment, p).second) return;
  // Stored durably before any vote that depends on it can leave (our own was, before it left).
  const bool own = leader.proposed && leader.view == p.view() && leader.leaf == p.leaf;
  if (p.leaf.height > last_decided.height && !own) persist(PersistProposal{p});
}

void Replica::Impl::after_new_leaf(const Commitment& commitment) {
  if (certified.contains(commitment)) try_commit_from(commitment);
  try_decide();
  try_vote();
  try_propose();
}

void Replica::Impl::on_proposal(NodeIndex from, const QuorumProposal& p) {
  if (from != ctx.table.leader(p.view())) return drop(DropReason::kWrongSender);
  const Commitment commitment = p.leaf.commitment();
  if (proposals.contains(commitment)) return drop(DropReason::kDuplicate);
  const auto [first, inserted] = first_proposal_in_view.emplace(p.view(), commitment);
  if (!inserted && first->second != commitment && config.broken_rule != BrokenRule::kVoteTwice) {
    return drop(DropReason::kDuplicate);  // an equivocating leader's second proposal
  }
  if (auto reason = check_proposal(p, /*own=*/from == me())) {
    if (inserted) first_proposal_in_view.erase(p.view());
    return drop(*reason);
  }
  store_proposal(p);
  note_upgrade(p);
  on_qc(p.justify);
  if (p.timeout) on_tc(*p.timeout);
  if (p.view() == pacemaker.view()) pending_vote = p;
  after_new_leaf(commitment);
  // As the next view's leader, start its DA round on this proposal now, while this view's votes
  // come in (DaRound): the DA committee's check and votes then overlap them.
  if (p.view() == pacemaker.view() && ctx.table.leader(p.view() + 1) == me()) {
    start_da_round(p.view() + 1, commitment);
  }
}

std::optional<std::uint64_t> Replica::Impl::known_payload_size(
    const Commitment& payload_commitment) const {
  if (const auto da = da_payloads.find(payload_commitment); da != da_payloads.end()) {
    return da->second.bytes.size();
  }
  if (const auto share = vid_shares.find(payload_commitment); share != vid_shares.end()) {
    return ctx.vid.payload_size(share->second.bytes);
  }
  return std::nullopt;
}

void Replica::Impl::try_vote() {
  if (!pending_vote) return;
  const QuorumProposal& p = *pending_vote;
  const SafetyState state{pacemaker.view(), last_voted_view, high_qc.view};
  switch (vote_verdict(state, p, config.broken_rule)) {
    case VoteVerdict::kVote:
      break;
    case VoteVerdict::kViolatesLock:
      ++metrics.refused_unsafe;
      [[fallthrough]];
    default:
      pending_vote.reset();
      return;
  }
  const Leaf* parent = find_leaf(p.leaf.parent);
  if (parent == nullptr) {
    return request(p.leaf.parent, ctx.table.leader(p.view()));  // vote once it arrives
  }
  if (p.leaf.height != parent->height + 1) {
    pending_vote.reset();
    return drop(DropReason::kMalformed);
  }
  // The header's format is the version in force on this chain at this view.
  const auto version = version_after(p.leaf.parent, p.view());
  if (!version) return;  // an ancestor is missing (requested); vote once it arrives
  // The header is checked against the payload size we know; we vote only with our share anyway.
  const auto share = vid_shares.find(p.leaf.payload_commitment);
  if (share == vid_shares.end()) return;  // vote once our share arrives
  const auto payload_size = known_payload_size(p.leaf.payload_commitment);
  if (!payload_size || !ctx.validator.validate(*parent, p.leaf, *version, *payload_size)) {
    pending_vote.reset();
    return drop(DropReason::kInvalidBlock);
  }
  const ViewNumber view = p.view();
  const Commitment commitment = p.leaf.commitment();
  pending_vote.reset();
  if (share->second.view < view) {
    // A share held from an earlier view with the same payload (an empty block): keep it, durably,
    // until this leaf is decided.
    share->second.view = view;
    persist(PersistVidShare{view, p.leaf.payload_commitment, share->second.bytes});
  }
  last_voted_view = std::max(last_voted_view, view);
  persist(PersistVotedView{view});
  const Hash32 digest = vote_digest(CertificateKind::kQuorum, view, commitment);
  send(ctx.table.leader(view + 1),
       Vote{CertificateKind::kQuorum, view, commitment, me(), ctx.signer.sign(digest)});
  ++metrics.votes_sent;
  vote_upgrade(p);
}

void Replica::Impl::try_commit_from(const Commitment& certified_leaf) {
  const auto it = proposals.find(certified_leaf);
  if (it == proposals.end()) return;
  const QuorumProposal& child = it->second;
  std::optional<std::pair<Commitment, std::uint64_t>> target;
  if (config.broken_rule == BrokenRule::kDecideOnOneChain) {
    target.emplace(certified_leaf, child.leaf.height);
  } else if (child.justify.view + 1 == child.view()) {
    // Two-chain: the parent's QC and the child's QC come from consecutive views.
    target.emplace(child.leaf.parent, child.leaf.height - 1);
  }
  if (!target) return;
  if (target->second <= last_decided.height) {
    // A committed two-chain below our decided height must be what we decided.
    const auto decided = decided_by_height.find(target->second);
    if (decided != decided_by_height.end() && decided->second != target->first) {
      ++metrics.local_conflicts;
    }
    return;
  }
  if (!decide_target || decide_target->second < target->second) decide_target = target;
  try_decide();
}

// The QC a known proposal carries for `leaf` (the decide target's child has it).
std::optional<Certificate> Replica::Impl::quorum_certificate_on(const Commitment& leaf) const {
  for (const auto& [commitment, proposal] : proposals) {
    if (proposal.justify.kind == CertificateKind::kQuorum && proposal.justify.subject == leaf) {
      return proposal.justify;
    }
  }
  return std::nullopt;
}

void Replica::Impl::try_decide() {
  if (!decide_target) return;
  if (decide_target->second <= last_decided.height) {
    decide_target.reset();
    return;
  }
  std::vector<const QuorumProposal*> chain;
  Commitment cursor = decide_target->first;
  while (true) {
    const auto it = proposals.find(cursor);
    if (it == proposals.end()) {
      // The leader that built on the missing leaf has it.
      return request(cursor, chain.empty() ? std::nullopt
                                           : std::optional(ctx.table.leader(chain.back()->view())));
    }
    chain.push_back(&it->second);
    if (it->second.leaf.height <= last_decided.height + 1) break;
    cursor = it->second.leaf.parent;
  }
  if (chain.back()->leaf.parent != last_decided_commitment ||
      chain.back()->leaf.height != last_decided.height + 1) {
    ++metrics.local_conflicts;  // only reachable with a broken rule or > 1/3 faulty stake
    decide_target.reset();
    return;
  }
  std::reverse(chain.begin(), chain.end());
  DecideAction decided;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const QuorumProposal* p = chain[i];
    if (!decided_upgrade_anchor && p->leaf.upgrade_certificate) decided_upgrade_anchor = p->view();
    DecidedLeaf leaf{p->leaf, std::nullopt, std::nullopt,
                     i + 1 < chain.size() ? std::optional(chain[i + 1]->justify)
                                          : quorum_certificate_on(chain[i]->leaf.commitment())};
    // Megabytes each: moved out when the entry is erased below anyway (held for no later view,
    // and no later leaf here carries the same payload, as empty blocks all do), copied otherwise.
    const bool last_use =
        std::none_of(chain.begin() + static_cast<std::ptrdiff_t>(i) + 1, chain.end(),
                     [&](const QuorumProposal* later) {
                       return later->leaf.payload_commitment == p->leaf.payload_commitment;
                     });
    const auto take = [&](HeldBytes& held) {
      return last_use && held.view <= chain.back()->view() ? std::move(held.bytes) : held.bytes;
    };
    if (const auto it = da_payloads.find(p->leaf.payload_commitment); it != da_payloads.end()) {
      leaf.payload = take(it->second);
    }
    if (const auto it = vid_shares.find(p->leaf.payload_commitment); it != vid_shares.end()) {
      leaf.vid_common = ctx.vid.common(it->second.bytes);
      leaf.vid_share = take(it->second);
    }
    leaf.pooled_by = config.transaction_commitment;
    std::vector<Bytes> pooled = mempool.remove(p->transactions);
    for (std::size_t t = 0; t < pooled.size(); ++t) {
      leaf.pooled.push_back({p->transactions[t], std::move(pooled[t])});
    }
    decided.leaves.push_back(std::move(leaf));
    decided_by_height[p->leaf.height] = p->leaf.commitment();
  }
  last_decided = chain.back()->leaf;
  last_decided_commitment = last_decided.commitment();
  mempool.release_up_to(last_decided.view);
  metrics.decided_leaves += decided.leaves.size();
  // Decide before persisting it: a crash in between re-decides the same leaves after restart
  // (at-least-once delivery) instead of skipping them.
  out.push_back(std::move(decided));
  persist(PersistDecided{last_decided, decided_upgrade_anchor});
  decide_target.reset();
  // Forget forks below the decided height and decided proposals too old to serve.
  const std::uint64_t height = last_decided.height;
  std::erase_if(proposals, [&](const auto& e) {
    const std::uint64_t h = e.second.leaf.height;
    if (h > height) return false;
    const auto d = decided_by_height.find(h);
    return h + kKeptDecidedHeights < height || d == decided_by_height.end() || d->second != e.first;
  });
  std::erase_if(decided_by_height,
                [&](const auto& e) { return e.first + kKeptDecidedHeights < height; });
  const auto handed_out = [&](const auto& e) { return e.second.view <= last_decided.view; };
  std::erase_if(vid_shares, handed_out);
  std::erase_if(da_payloads, handed_out);
  std::erase_if(upgrade_anchors, [&](const auto& e) {
    const auto it = proposals.find(e.first);
    return it == proposals.end() || it->second.leaf.height <= height;
  });
}

void Replica::Impl::request(const Commitment& leaf, std::optional<NodeIndex> hint) {
  if (requested.contains(leaf) || requested.size() >= kMaxOutstandingRequests) return;
  requested.emplace(leaf, 1);
  // Whoever sent what referred to the leaf most likely has it; otherwise ask around.
  NodeIndex peer = hint && *hint != me() ? *hint : preferred_peer;
  if (peer != me()) send(peer, ProposalRequest{leaf});
}

void Replica::Impl::resend_requests() {
  // Ask a different peer each time (deterministic rotation) until someone answers.
  for (auto& [leaf, attempts] : requested) {
    NodeIndex peer = static_cast<NodeIndex>((me() + 1 + request_rotation++) % nodes());
    if (peer == me()) peer = static_cast<NodeIndex>((peer + 1) % nodes());
    if (peer == me()) continue;
    ++attempts;
    send(peer, ProposalRequest{leaf});
  }
}

void Replica::Impl::timeout() {
  const ViewNumber view = pacemaker.view();
  if (!pacemaker.timed_out()) {
    pacemaker.mark_timed_out();
    ++metrics.timeouts;
    mempool.release_up_to(view);
    pending_vote.reset();
    last_voted_view = std::max(last_voted_view, view);
    persist(PersistVotedView{view});
  }
  const Hash32 digest = vote_digest(CertificateKind::kTimeout, view, Commitment{});
  broadcast(TimeoutVote{Vote{CertificateKind::kTimeout, view, Commitment{}, me(),
                             ctx.signer.sign(digest)},
                        high_qc, last_tc},
            /*include_self=*/true);
  resend_requests();
  out.push_back(pacemaker.rearm());
}

void Replica::Impl::on_da_proposal(NodeIndex from, const DaProposal& p) {
  if (from != ctx.table.leader(p.view) || !ctx.table.is_da_member(me())) {
    return drop(DropReason::kWrongSender);
  }
  if (p.view < pacemaker.view()) return drop(DropReason::kStaleView);
  if (p.view > pacemaker.view() + config.limits.vote_horizon) return drop(DropReason::kFutureView);
  if (p.payload.size() > config.limits.max_payload_bytes) return drop(DropReason::kOversize);
  if (p.view <= da_voted_floor || da_voted_views.contains(p.view)) {
    return drop(DropReason::kDuplicate);
  }
  if (from != me() &&
      !ctx.verifier.verify(from, da_proposal_digest(p.view, p.payload_commitment), p.signature)) {
    return drop(DropReason::kBadSignature);
  }
  // Our own DA proposal (the leader is often a DA member) was built and stored by
  // propose_payload; anyone else's is checked by encoding it, which also yields our VID share (the
  // leader sends none to DA members).
  const bool own = from == me() && da_payloads.contains(p.payload_commitment);
  std::optional<Bytes> derived_share;
  if (!own) {
    const NodeIndex self = me();
    auto derived = ctx.vid.disperse_to(p.payload, std::span(&self, 1), nodes());
    if (!derived || derived->commitment != p.payload_commitment) {
      return drop(DropReason::kMalformed);
    }
    derived_share = std::move(derived->shares.at(self));
  }
  da_voted_views.insert(p.view);
  if (derived_share) {
    auto& held = da_payloads[p.payload_commitment];
    held.view = std::max(held.view, p.view);
    held.bytes = p.payload;
    // Stored before the vote leaves: after a restart we still hold the payload we vouched for and
    // never DA-vote in this view again.
    persist(PersistDaProposal{held.view, p.payload_commitment, p.payload});
    const auto share = vid_shares.find(p.payload_commitment);
    if (share == vid_shares.end() || share->second.view < p.view) {
      hold_share(p.view, p.payload_commitment, std::move(*derived_share));
    }
  }
  persist(PersistDaVotedView{p.view});
  const Hash32 digest = vote_digest(CertificateKind::kDa, p.view, p.payload_commitment);
  send(from,
       Vote{CertificateKind::kDa, p.view, p.payload_commitment, me(), ctx.signer.sign(digest)});
  try_vote();  // the quorum proposal may have come first and waited for our share
}

void Replica::Impl::on_vid(NodeIndex from, const VidDisperse& vid) {
  if (from != ctx.table.leader(vid.view)) return drop(DropReason::kWrongSender);
  if (vid.recipient != me()) return drop(DropReason::kMalformed);
  if (vid.view + 1 < pacemaker.view()) return drop(DropReason::kStaleView);
  if (vid.view > pacemaker.view() + config.limits.vote_horizon) {
    return drop(DropReason::kFutureView);
  }
  if (vid.share.size() > config.limits.max_share_bytes) return drop(DropReason::kOversize);
  const auto held = vid_shares.find(vid.payload_commitment);
  if (held != vid_shares.end() && held->second.view >= vid.view) {
    return drop(DropReason::kDuplicate);
  }
  if (!ctx.vid.verify_share(vid.payload_commitment, me(), vid.share, nodes())) {
    return drop(DropReason::kBadShare);
  }
  keep_share(vid.view, vid.payload_commitment, vid.share);
  try_vote();
}

void Replica::Impl::keep_share(ViewNumber view, const Commitment& payload_commitment, Bytes share) {
  // The same payload in a later view (an empty block) refreshes the view it is kept for.
  hold_share(view, payload_commitment, share);
  // Stored before the quorum vote that depends on it can leave.
  persist(PersistVidShare{view, payload_commitment, std::move(share)});
}

void Replica::Impl::hold_share(ViewNumber view, const Commitment& payload_commitment, Bytes share) {
  // The payload record, emitted first, is durable before any vote that needs the share; storing
  // the share too would write half as many bytes again (4 nodes: 2 MB of each 4 MB payload) into
  // the sync that a DA vote waits for.
  vid_shares.insert_or_assign(payload_commitment, HeldBytes{view, std::move(share)});
}

void Replica::Impl::derive_shares_of_held_payloads() {
  const NodeIndex self = me();
  for (const auto& [commitment, held] : da_payloads) {
    const auto share = vid_shares.find(commitment);
    if (share != vid_shares.end() && share->second.view >= held.view) continue;
    auto derived = ctx.vid.disperse_to(held.bytes, std::span(&self, 1), nodes());
    // A stored payload that does not disperse to its commitment was not ours to hold: no share.
    if (!derived || derived->commitment != commitment) continue;
    vid_shares.insert_or_assign(commitment,
                                HeldBytes{held.view, std::move(derived->shares.at(self))});
  }
}

void Replica::Impl::on_timeout_vote(NodeIndex from, const TimeoutVote& tv) {
  const Vote& vote = tv.vote;
  if (vote.kind != CertificateKind::kTimeout || vote.subject != Commitment{}) {
    return drop(DropReason::kMalformed);
  }
  if (vote.signer != from) return drop(DropReason::kWrongSender);
  if (vote.signature.size() > ctx.verifier.max_signature_size()) {
    return drop(DropReason::kOversize);
  }
  // What the sender knows moves us forward even when its vote is stale.
  if (auto reason = certificate_problem(tv.high_qc, CertificateKind::kQuorum)) {
    return drop(*reason);
  }
  if (tv.last_tc) {
    if (auto reason = certificate_problem(*tv.last_tc, CertificateKind::kTimeout)) {
      return drop(*reason);
    }
  }
  on_qc(tv.high_qc);
  if (tv.last_tc) on_tc(*tv.last_tc);
  if (vote.view < pacemaker.view()) return drop(DropReason::kStaleView);
  if (vote.view > pacemaker.view() + config.limits.vote_horizon) {
    return drop(DropReason::kFutureView);
  }
  const AccumulatorKey key{vote.kind, vote.view, vote.subject};
  auto it = accumulators.try_emplace(key, vote.kind, vote.view, vote.subject).first;
  auto outcome = it->second.add(vote, ctx.table, ctx.verifier);
  if (outcome.duplicate) drop(DropReason::kDuplicate);
  metrics.drops[static_cast<std::size_t>(DropReason::kBadSignature)] += outcome.bad_signatures;
  if (outcome.certificate) {
    verified_certificates.emplace(outcome.certificate->id(), outcome.certificate->view);
    on_tc(*outcome.certificate);
  }
}

void Replica::Impl::on_request(NodeIndex from, const ProposalRequest& request) {
  const auto it = proposals.find(request.leaf);
  if (it == proposals.end()) return;
  send(from, ProposalResponse{it->second});
}

void Replica::Impl::on_response(NodeIndex from, const ProposalResponse& response) {
  const QuorumProposal& p = response.proposal;
  const Commitment commitment = p.leaf.commitment();
  if (!requested.contains(commitment)) return drop(DropReason::kUnsolicited);
  if (auto reason = check_proposal(p, /*own=*/false)) return drop(*reason);
  requested.erase(commitment);
  preferred_peer = from;  // it will likely have the ancestors we ask for next
  store_proposal(p);
  note_upgrade(p);
  on_qc(p.justify);
  if (p.view() == pacemaker.view() && !pending_vote) pending_vote = p;
  after_new_leaf(commitment);
}

void Replica::Impl::on_transaction(const TransactionMessage& message) {
  count_gossip(mempool.add(message.transaction).result);
}

void Replica::Impl::count_gossip(Mempool::AddResult result) {
  switch (result) {
    case Mempool::AddResult::kTooLarge:
      return drop(DropReason::kOversize);
    case Mempool::AddResult::kInvalid:
      return drop(DropReason::kMalformed);
    default:
      return;
  }
}

// ---- public surface ----

Replica::Replica(ReplicaConfig config, ReplicaContext context)
    : impl_(std::make_unique<Impl>(config, context)) {}
Replica::~Replica() = default;
Replica::Replica(Replica&&) noexcept = default;

Actions Replica::start(const std::optional<PersistedState>& restored) {
  Impl& s = *impl_;
  if (restored) {
    s.last_voted_view = restored->last_voted_view;
    s.high_qc = restored->high_qc;
    s.last_decided = restored->last_decided;
    s.last_decided_commitment = s.last_decided.commitment();
    s.decided_upgrade_anchor = restored->upgrade_anchor;
    s.da_voted_floor = restored->da_voted_view;
    for (const auto& da : restored->da_proposals) {
      s.da_payloads.insert_or_assign(da.payload_commitment, Impl::HeldBytes{da.view, da.payload});
    }
    for (const auto& share : restored->vid_shares) {
      s.vid_shares.insert_or_assign(share.payload_commitment,
                                    Impl::HeldBytes{share.view, share.share});
    }
    s.derive_shares_of_held_payloads();
    // Decided ones too, to answer lagging peers' requests after a restart.
    for (const auto& p : restored->recent_decided) {
      const Commitment commitment = p.leaf.commitment();
      s.proposals.emplace(commitment, p);
      s.decided_by_height[p.leaf.height] = commitment;
    }
    for (const auto& p : restored->undecided) {
      s.proposals.emplace(p.leaf.commitment(), p);
      s.note_upgrade(p);
    }
    if (!is_genesis_qc(s.high_qc)) s.certified.insert(s.high_qc.subject);
    for (const auto& [c, p] : s.proposals) {
      if (!is_genesis_qc(p.justify)) s.certified.insert(p.justify.subject);
    }
    for (const auto& c : std::set<Commitment>(s.certified)) s.try_commit_from(c);
  }
  // Resume in the view after the highest QC: a view this replica can prove it may be in. Not in
  // the last voted view: the TC that led there was not persisted, so a node that resumed there
  // could neither show others the way nor time out with them in the views they are stuck in
  // (sim --seed 1683 --views 10 --upgrade 2:3:4 stalled so). last_voted_view still forbids a
  // second vote in any view up to it.
  s.enter_view(std::max<ViewNumber>(1, s.high_qc.view + 1));
  return s.finish();
}

Actions Replica::on_message(NodeIndex from, const Message& message) {
  impl_->handle(from, message);
  return impl_->finish();
}

Actions Replica::on_timer(ViewNumber view) {
  if (impl_->pacemaker.is_current(view)) impl_->timeout();
  return impl_->finish();
}

Replica::LocalTransaction Replica::on_local_transaction(Bytes transaction) {
  Mempool::Added added = impl_->mempool.add(transaction);
  if (added.result == Mempool::AddResult::kAdded) {
    // Gossip says nothing about our votes: it need not wait for the disk.
    impl_->broadcast(TransactionMessage{std::move(transaction)}, /*include_self=*/false,
                     /*waits_for_persist=*/false);
  }
  return {added, impl_->finish()};
}

Actions Replica::on_hashed_transaction(Bytes transaction, std::optional<Commitment> commitment) {
  impl_->count_gossip(impl_->mempool.add_hashed(std::move(transaction), commitment).result);
  return impl_->finish();
}

ViewNumber Replica::view() const {
  return impl_->pacemaker.view();
}
const Leaf& Replica::last_decided() const {
  return impl_->last_decided;
}
const Certificate& Replica::high_qc() const {
  return impl_->high_qc;
}
const ReplicaMetrics& Replica::metrics() const {
  return impl_->metrics;
}
const Mempool& Replica::mempool() const {
  return impl_->mempool;
}
Version Replica::decided_version() const {
  const Impl& s = *impl_;
  return version_at(s.config.upgrade, s.config.version, s.decided_upgrade_anchor,
                    s.last_decided.view + 1);
}
std::optional<ViewNumber> Replica::decided_upgrade_anchor() const {
  return impl_->decided_upgrade_anchor;
}

}  // namespace espresso::consensus
