#pragma once
// Internal state of Replica, shared by replica.cpp (replica role: validate, vote, decide, catch up)
// and replica_leader.cpp (leader role: build, disperse, collect votes, propose). Not a public
// header.

#include <map>
#include <set>
#include <tuple>

#include "consensus/certificates.hpp"
#include "consensus/pacemaker.hpp"
#include "consensus/replica.hpp"
#include "consensus/vote_accumulator.hpp"

namespace espresso::consensus {

struct Replica::Impl {
  Impl(ReplicaConfig config, ReplicaContext context);

  ReplicaConfig config;
  ReplicaContext ctx;
  Pacemaker pacemaker;
  Mempool mempool;
  ReplicaMetrics metrics;

  // Safety state (persisted).
  ViewNumber last_voted_view = 0;
  Certificate high_qc = genesis_qc();  // also the lock
  Leaf last_decided = genesis_leaf();
  Commitment last_decided_commitment = genesis_leaf().commitment();

  // Volatile state.
  std::optional<Certificate> last_tc;
  // Views this DA member voted a payload in: every view up to the floor (restored after a
  // restart), and the set above it. A set, not a high-water mark: the next leader's DA proposal
  // can overtake the current one (see DaRound), and both need this member's vote.
  ViewNumber da_voted_floor = 0;
  std::set<ViewNumber> da_voted_views;
  std::map<Commitment, QuorumProposal> proposals;         // undecided + recently decided
  std::map<std::uint64_t, Commitment> decided_by_height;  // recent decided heights
  std::map<ViewNumber, Commitment> first_proposal_in_view;
  std::set<Commitment> certified;                                     // leaves with a known QC
  std::optional<std::pair<Commitment, std::uint64_t>> decide_target;  // (leaf, height)
  std::optional<QuorumProposal> pending_vote;
  // What this replica holds of each block, by payload commitment, with the latest view that used
  // it (an empty payload has the same commitment in every view): its own verified VID share and,
  // for DA members, the payload. Handed out on decide, then dropped.
  struct HeldBytes {
    ViewNumber view = 0;
    Bytes bytes;
  };
  std::map<Commitment, HeldBytes> vid_shares;
  std::map<Commitment, HeldBytes> da_payloads;
  std::map<Commitment, ViewNumber> verified_certificates;  // Certificate::id() -> view
  using AccumulatorKey = std::tuple<CertificateKind, ViewNumber, Commitment>;
  std::map<AccumulatorKey, VoteAccumulator> accumulators;
  std::map<Commitment, std::uint64_t> requested;  // missing leaves -> times asked
  std::uint64_t request_rotation = 0;
  NodeIndex preferred_peer = 0;  // last peer that answered a request

  // Upgrades. The anchor of a chain is the view of its first block carrying the upgrade
  // certificate; the version of a block follows from its parent's anchor (version_at).
  std::optional<Certificate> upgrade_certificate;    // a valid one, once seen or formed
  std::optional<ViewNumber> decided_upgrade_anchor;  // of the decided chain (persisted)
  std::map<Commitment, std::optional<ViewNumber>> upgrade_anchors;  // memo for undecided leaves

  // A DA proposal this node sent as the leader of a view. Started when it enters the view, or
  // earlier, as the next leader, when the current view's proposal arrives: the payload depends only
  // on which transactions the chain already holds, not on the parent's QC, so the DA committee
  // checks it and votes while the current view's quorum votes are collected. Once sent, the
  // payload is the view's: a second one would make this honest leader an equivocator.
  struct DaRound {
    bool dispersed = false;  // false: the payload could not be dispersed (the view times out)
    Commitment payload_commitment{};
    std::vector<Commitment> transactions;  // in block order
    std::optional<Certificate> certificate;
  };
  std::map<ViewNumber, DaRound> da_rounds;

  struct LeaderState {
    ViewNumber view = 0;
    bool built = false;  // leaf and justify are set (or the DA round failed)
    bool proposed = false;
    Leaf leaf;
    Certificate justify;
  } leader;

  // Output of the event being handled. Messages to self go out as SendAction{me()} too: the driver
  // delivers them like any other, which keeps every step of the replica one event.
  Actions out;

  NodeIndex me() const { return ctx.signer.key_index(); }
  std::optional<std::uint64_t> now_unix_seconds() const {
    return ctx.clock ? std::optional(ctx.clock->now_unix_seconds()) : std::nullopt;
  }
  std::size_t nodes() const { return ctx.table.size(); }

  // Plumbing.
  void send(NodeIndex to, Message message, bool waits_for_persist = true);
  void broadcast(Message message, bool include_self, bool waits_for_persist = true);
  void persist(PersistRecord record);
  void drop(DropReason reason) { ++metrics.drops[static_cast<std::size_t>(reason)]; }
  Actions finish();
  void handle(NodeIndex from, const Message& message);

  // Certificates and views.
  // nullopt when valid (verified results are cached by certificate id).
  std::optional<DropReason> certificate_problem(const Certificate& cert, CertificateKind kind);
  void on_qc(const Certificate& qc);
  void on_quorum_certificate(NodeIndex from, const QuorumCertificateMessage& message);
  void on_tc(const Certificate& tc);
  void enter_view(ViewNumber view);
  void prune();

  // Replica role.
  const Leaf* find_leaf(const Commitment& commitment) const;
  // `own`: our own proposal delivered back to us (its signature is ours, not checked again).
  std::optional<DropReason> check_proposal(const QuorumProposal& proposal, bool own);
  void store_proposal(const QuorumProposal& proposal);
  void after_new_leaf(const Commitment& commitment);
  // The payload's size as the DA payload or our verified share states it; nullopt if neither
  // arrived yet.
  std::optional<std::uint64_t> known_payload_size(const Commitment& payload_commitment) const;
  void try_vote();
  void try_commit_from(const Commitment& certified_leaf);
  void try_decide();
  std::optional<Certificate> quorum_certificate_on(const Commitment& leaf) const;
  void request(const Commitment& leaf, std::optional<NodeIndex> hint = std::nullopt);
  void resend_requests();
  void timeout();

  void on_da_proposal(NodeIndex from, const DaProposal& proposal);
  void on_vid(NodeIndex from, const VidDisperse& vid);
  void keep_share(ViewNumber view, const Commitment& payload_commitment, Bytes share);
  // As keep_share, without a record of its own: for a share taken from a payload whose
  // PersistDaProposal (at `view` or later) was just emitted. start() derives it again.
  void hold_share(ViewNumber view, const Commitment& payload_commitment, Bytes share);
  // After a restart: our share of each stored payload that has no newer stored share.
  void derive_shares_of_held_payloads();
  void on_proposal(NodeIndex from, const QuorumProposal& proposal);
  void on_vote(NodeIndex from, const Vote& vote);
  void on_timeout_vote(NodeIndex from, const TimeoutVote& vote);
  void on_request(NodeIndex from, const ProposalRequest& request);
  void on_response(NodeIndex from, const ProposalResponse& response);
  void on_transaction(const TransactionMessage& message);
  void count_gossip(Mempool::AddResult result);

  // Upgrades (replica_upgrade.cpp).
  // Outer nullopt: an ancestor is missing (requested); inner: the chain's anchor, if any.
  std::optional<std::optional<ViewNumber>> upgrade_anchor_of(const Commitment& leaf);
  std::optional<Version> version_after(const Commitment& parent, ViewNumber view);
  std::optional<DropReason> upgrade_problem(const QuorumProposal& proposal);
  void note_upgrade(const QuorumProposal& proposal);
  void vote_upgrade(const QuorumProposal& proposal);
  void attach_upgrade(QuorumProposal& proposal);

  // Leader role.
  void try_propose();
  void finish_proposal();
  // After a restart in a view this node already proposed in (its proposal was persisted): send
  // that proposal again rather than build another. True when it did.
  bool resend_restored_proposal(ViewNumber view);
  // Builds (or, after a restart, takes back) the payload of `view`, which will extend the leaf
  // `tip`, disperses it and sends the DA proposal; once per view.
  void start_da_round(ViewNumber view, const Commitment& tip);
  // A new block's payload of pool transactions the chain ending at `tip` does not hold yet, with
  // their commitments in block order; they are marked as included in `view`.
  struct NewPayload {
    Bytes payload;
    std::vector<Commitment> transactions;
  };
  NewPayload build_payload(ViewNumber view, const Commitment& tip);
};

}  // namespace espresso::consensus
