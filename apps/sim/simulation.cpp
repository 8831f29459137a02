#include "sim/simulation.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "consensus/avid_vid.hpp"
#include "consensus/bls_signatures.hpp"
#include "consensus/fake_signatures.hpp"
#include "consensus/replica.hpp"
#include "consensus/test_blocks.hpp"
#include "consensus/vote_accumulator.hpp"
#include "sim/checker.hpp"
#include "sim/network.hpp"
#include "sim/timed_services.hpp"

namespace espresso::sim {

using namespace consensus;

namespace {

constexpr VirtualTime kViewTimeoutMs = 1000;
constexpr std::uint64_t kLivenessViews = 60;  // views after GST within which all must progress
constexpr std::uint64_t kMaxEvents = 3'000'000;

// The replicas' wall clock: the schedule's virtual time.
class VirtualClock final : public consensus::WallClock {
 public:
  explicit VirtualClock(const Scheduler& scheduler) : scheduler_(scheduler) {}
  std::uint64_t now_unix_seconds() const override {
    return kSimEpochUnixSeconds + scheduler_.now() / 1000;
  }

 private:
  const Scheduler& scheduler_;
};

// One running replica (a key may run two: Twins).
struct Instance {
  NodeIndex key = 0;
  Behavior behavior = Behavior::kHonest;
  std::unique_ptr<Signer> signer;
  std::unique_ptr<Replica> replica;
  PersistedState storage;
  bool alive = true;
  std::uint64_t incarnation = 0;
  bool crash_mid_batch = false;
  std::uint64_t decided_at_gst = 0;
  std::optional<std::uint64_t> switch_height;  // first decided height in the upgraded version
  // Leaves (quorum votes) and payloads (DA votes) this instance vouched for, in any incarnation: it
  // persisted their share or payload first, so it must hand them out when they are decided.
  std::set<Commitment> voted_leaves;
  std::set<std::pair<ViewNumber, Commitment>> da_voted;
};

class Simulation {
 public:
  explicit Simulation(const ScheduleOptions& options);
  ScheduleResult run();

 private:
  void start(std::size_t instance, bool restart);
  void execute(std::size_t instance, Actions actions);
  void transmit(std::size_t instance, NodeIndex to, const MessagePtr& message);
  void deliver_to_self(std::size_t index, const MessagePtr& message);
  void collect_votes(const Message& message);
  void check_recoverable(const Leaf& leaf);
  void check_decided_block(std::size_t index, const DecidedLeaf& decided);
  void count_transactions(const DecidedLeaf& decided);
  void finish_transactions();
  void record_share(std::size_t index, const PersistRecord& record);
  MessagePtr equivocation(std::size_t index, const QuorumProposal& proposal);
  void outgoing(std::size_t instance, NodeIndex to, const MessagePtr& message);
  void note_vote(std::size_t instance, const Message& message);
  void check_one_proposal(NodeIndex key, const QuorumProposal& proposal);
  void check_one_da_proposal(NodeIndex key, const DaProposal& proposal);
  void trace(std::uint64_t a, std::uint64_t b, std::uint64_t c);
  bool honest(std::size_t instance) const {
    return instances_[instance].behavior == Behavior::kHonest;
  }
  void check_liveness();
  void check_version(std::size_t index, const Leaf& leaf);
  std::string lagging() const;

  ScheduleOptions options_;
  Rng rng_;
  SchedulePlan plan_;
  Scheduler scheduler_;
  VirtualClock clock_{scheduler_};
  std::unique_ptr<Network> network_;
  std::unique_ptr<Signer> make_signer(NodeIndex key);

  std::unique_ptr<FakeKeys> keys_;
  std::vector<BlsSecretKey> bls_secrets_;
  std::optional<StakeTableKeys> bls_keys_;
  std::unique_ptr<SignatureVerifier> verifier_;
  std::optional<StakeTable> table_;
  TestBlockBuilder builder_{options_.max_payload_bytes};
  TestBlockValidator validator_;
  FakeVid fake_vid_;
  std::unique_ptr<VidScheme> real_vid_;
  std::unique_ptr<VidScheme> vid_;
  std::vector<Instance> instances_;
  std::vector<std::vector<std::size_t>> by_key_;
  std::unique_ptr<InvariantChecker> checker_;
  ScheduleResult result_;
  std::uint64_t unused_ns_ = 0;
  // Adversary state shared by the equivocating nodes (they collude).
  std::map<Commitment, Leaf> seen_leaves_;
  std::map<std::pair<ViewNumber, Commitment>, VoteAccumulator> adversary_votes_;
  std::map<ViewNumber, std::vector<Certificate>> adversary_qcs_;
  std::map<ViewNumber, Certificate> qcs_seen_;  // justify QCs of broadcast proposals
  // Checks beyond the decided chains.
  std::map<std::pair<NodeIndex, ViewNumber>, Commitment> honest_votes_;
  std::map<std::pair<NodeIndex, ViewNumber>, Commitment> honest_da_votes_;
  std::map<std::pair<NodeIndex, ViewNumber>, Commitment> honest_proposals_;
  std::map<std::pair<NodeIndex, ViewNumber>, Commitment> honest_da_proposals_;
  std::map<Commitment, std::vector<std::pair<NodeIndex, Bytes>>> honest_shares_;
  std::set<Commitment> recovered_;
  std::map<std::pair<std::size_t, ViewNumber>, MessagePtr> equivocations_;
  // With check_transactions: how often each submitted transaction was decided, counted once per
  // height (from the first honest replica that decides the height with its payload).
  std::map<Bytes, int> submitted_;
  std::uint64_t counted_height_ = 0;
  bool gst_passed_ = false;
  ViewNumber gst_view_ = 0;
};

Simulation::Simulation(const ScheduleOptions& options) : options_(options), rng_(options.seed) {
  plan_ = plan_schedule(options_, rng_);
  std::vector<StakeEntry> entries;
  for (std::size_t i = 0; i < plan_.nodes; ++i) {
    entries.push_back({plan_.weights[i], plan_.da_member[i]});
  }
  table_.emplace(*StakeTable::create(entries));
  keys_ = std::make_unique<FakeKeys>(options_.seed, plan_.nodes);
  verifier_ = keys_->verifier();
  if (options_.bls) {
    KeySeed seed{};
    for (int i = 0; i < 8; ++i) seed[i] = static_cast<std::uint8_t>(options_.seed >> (8 * i));
    std::vector<StakeTableEntry> bls_entries;
    for (std::size_t i = 0; i < plan_.nodes; ++i) {
      bls_secrets_.push_back(BlsSecretKey::from_seed(seed, i));
      bls_entries.push_back({bls_secrets_.back().public_key(), plan_.weights[i],
                             bls_secrets_.back().prove_possession()});
    }
    bls_keys_.emplace(*StakeTableKeys::create(bls_entries));
    verifier_ = make_bls_verifier(*bls_keys_);
  }
  if (options_.real_vid) real_vid_ = make_avid_vid(plan_.weights);
  const VidScheme& vid = real_vid_ ? *real_vid_ : static_cast<const VidScheme&>(fake_vid_);
  if (options_.timed) {
    verifier_ = std::make_unique<TimedVerifier>(std::move(verifier_), result_.crypto_ns);
    vid_ = std::make_unique<TimedVid>(vid, result_.vid_ns);
  } else {
    vid_ = std::make_unique<TimedVid>(vid, unused_ns_);
  }
  by_key_.resize(plan_.nodes);
  for (std::size_t key = 0; key < plan_.nodes; ++key) {
    const int copies = plan_.behavior[key] == Behavior::kTwins ? 2 : 1;
    for (int c = 0; c < copies; ++c) {
      Instance instance;
      instance.key = static_cast<NodeIndex>(key);
      instance.behavior = plan_.behavior[key];
      instance.signer = make_signer(instance.key);
      by_key_[key].push_back(instances_.size());
      instances_.push_back(std::move(instance));
    }
  }
  checker_ = std::make_unique<InvariantChecker>(instances_.size());

  const auto has = [&](Fault f) { return (plan_.faults & static_cast<FaultSet>(f)) != 0; };
  NetworkConditions before;
  before.max_delay_ms = has(Fault::kDelay) ? rng_.between(50, 3 * kViewTimeoutMs) : 50;
  before.loss = has(Fault::kLoss) ? 0.05 * static_cast<double>(rng_.between(1, 6)) : 0;
  before.duplication = has(Fault::kDuplicate) ? 0.1 : 0;
  NetworkConditions after;
  after.max_delay_ms = options_.fast_network ? 1 : 50;  // well below the view timeout
  after.duplication = has(Fault::kDuplicate) ? 0.05 : 0;
  network_ = std::make_unique<Network>(instances_.size(), before, after, plan_.gst);

  result_.description = std::to_string(plan_.nodes) + " nodes, faults " +
                        format_faults(plan_.faults) + ", gst " + std::to_string(plan_.gst) + "ms";
}

std::unique_ptr<Signer> Simulation::make_signer(NodeIndex key) {
  std::unique_ptr<Signer> signer =
      options_.bls ? make_bls_signer(key, bls_secrets_[key]) : keys_->signer(key);
  if (!options_.timed) return signer;
  return std::make_unique<TimedSigner>(std::move(signer), result_.crypto_ns);
}

void Simulation::trace(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  // FNV-1a over three words per event.
  for (std::uint64_t word : {a, b, c}) {
    for (int i = 0; i < 8; ++i) {
      result_.trace_hash ^= (word >> (8 * i)) & 0xff;
      result_.trace_hash *= 0x100000001b3ULL;
    }
  }
}

void Simulation::start(std::size_t index, bool restart) {
  Instance& instance = instances_[index];
  ReplicaConfig config;
  config.view_timeout_ms = kViewTimeoutMs;
  config.broken_rule =
      instance.behavior == Behavior::kHonest ? options_.broken_rule : BrokenRule::kNone;
  config.upgrade = options_.upgrade;
  instance.replica = std::make_unique<Replica>(
      config,
      ReplicaContext{*table_, *instance.signer, *verifier_, builder_, validator_, *vid_, &clock_});
  instance.alive = true;
  ++instance.incarnation;
  execute(index, instance.replica->start(restart ? std::optional(instance.storage) : std::nullopt));
}

void Simulation::execute(std::size_t index, Actions actions) {
  Instance& instance = instances_[index];
  std::size_t cut = actions.size();
  if (instance.crash_mid_batch) {
    // Crash part-way through this batch: later actions (and the rest of the process) are lost.
    cut = rng_.below(actions.size() + 1);
    instance.crash_mid_batch = false;
    instance.alive = false;
    ++result_.faults_injected;
  }
  for (std::size_t i = 0; i < cut; ++i) {
    Action& action = actions[i];
    if (auto* send = std::get_if<SendAction>(&action)) {
      note_vote(index, *send->message);
      if (const auto* da = std::get_if<DaProposal>(&*send->message); da && honest(index)) {
        check_one_da_proposal(instance.key, *da);
      }
      if (send->to == instance.key) {
        deliver_to_self(index, send->message);
      } else {
        outgoing(index, send->to, send->message);
      }
    } else if (auto* all = std::get_if<BroadcastAction>(&action)) {
      if (const auto* proposal = std::get_if<QuorumProposal>(&*all->message)) {
        if (honest(index)) check_one_proposal(instance.key, *proposal);
        seen_leaves_.emplace(proposal->leaf.commitment(), proposal->leaf);
        if (!is_genesis_qc(proposal->justify)) {
          qcs_seen_.emplace(proposal->justify.view, proposal->justify);
        }
      }
      for (std::size_t key = 0; key < plan_.nodes; ++key) {
        if (key != instance.key) outgoing(index, static_cast<NodeIndex>(key), all->message);
      }
    } else if (auto* timer = std::get_if<SetTimerAction>(&action)) {
      const std::uint64_t incarnation = instance.incarnation;
      const ViewNumber view = timer->view;
      scheduler_.after(timer->delay_ms, [this, index, incarnation, view] {
        Instance& target = instances_[index];
        if (!target.alive || target.incarnation != incarnation) return;
        trace(1, index, view);
        execute(index, target.replica->on_timer(view));
      });
    } else if (auto* persist = std::get_if<PersistAction>(&action)) {
      record_share(index, persist->record);
      instance.storage.apply(persist->record);
    } else if (auto* decide = std::get_if<DecideAction>(&action)) {
      for (const DecidedLeaf& decided : decide->leaves) {
        const Leaf& leaf = decided.leaf;
        trace(2, index, leaf.height);
        if (honest(index)) {
          checker_->on_decide(index, leaf);
          check_recoverable(leaf);
          check_decided_block(index, decided);
          check_version(index, leaf);
          count_transactions(decided);
        }
      }
    }
  }
  if (honest(index) && instance.replica && instance.replica->metrics().local_conflicts > 0) {
    checker_->fail("replica " + std::to_string(index) + " found a decide conflicting its chain");
  }
}

// An honest key never votes for two leaves (or DA payloads) in one view, across crashes and
// restarts; what it voted for is remembered for check_decided_block.
void Simulation::note_vote(std::size_t index, const Message& message) {
  Instance& instance = instances_[index];
  if (const auto* vote = std::get_if<Vote>(&message);
      vote != nullptr && honest(index) &&
      (vote->kind == CertificateKind::kQuorum || vote->kind == CertificateKind::kDa)) {
    const bool quorum = vote->kind == CertificateKind::kQuorum;
    auto& votes = quorum ? honest_votes_ : honest_da_votes_;
    const auto [it, inserted] =
        votes.emplace(std::make_pair(vote->signer, vote->view), vote->subject);
    if (!inserted && it->second != vote->subject) {
      checker_->fail("honest node " + std::to_string(vote->signer) + " voted for two " +
                     (quorum ? "leaves" : "DA payloads") + " in view " +
                     std::to_string(vote->view));
    }
    if (quorum) {
      instance.voted_leaves.insert(vote->subject);
    } else {
      instance.da_voted.emplace(vote->view, vote->subject);
    }
  }
}

// An honest leader sends one proposal per view, across crashes and restarts.
void Simulation::check_one_proposal(NodeIndex key, const QuorumProposal& proposal) {
  const Commitment leaf = proposal.leaf.commitment();
  const auto [it, inserted] = honest_proposals_.emplace(std::make_pair(key, proposal.view()), leaf);
  if (!inserted && it->second != leaf) {
    checker_->fail("honest leader " + std::to_string(key) + " proposed two leaves in view " +
                   std::to_string(proposal.view()));
  }
}

// A leader restarted after sending its DA proposal sends the same one again, not a second payload.
void Simulation::check_one_da_proposal(NodeIndex key, const DaProposal& proposal) {
  const auto [it, inserted] =
      honest_da_proposals_.emplace(std::make_pair(key, proposal.view), proposal.payload_commitment);
  if (!inserted && it->second != proposal.payload_commitment) {
    checker_->fail("honest leader " + std::to_string(key) + " sent two DA proposals in view " +
                   std::to_string(proposal.view));
  }
}

void Simulation::outgoing(std::size_t index, NodeIndex to, const MessagePtr& message) {
  Instance& instance = instances_[index];
  switch (instance.behavior) {
    case Behavior::kSilent:
      if (std::holds_alternative<QuorumProposal>(*message) ||
          std::holds_alternative<DaProposal>(*message)) {
        ++result_.faults_injected;
        return;
      }
      break;
    case Behavior::kEquivocate:
      if (const auto* proposal = std::get_if<QuorumProposal>(&*message)) {
        const MessagePtr other = equivocation(index, *proposal);
        if (!other) return;  // withheld: makes the view fail, so the next leader needs a TC
        if (std::get<QuorumProposal>(*other).justify.view < proposal->justify.view) {
          transmit(index, to, other);  // a fork below the lock goes out alone
          return;
        }
        // Both, in random order: correct nodes split their votes, nodes that would vote twice
        // hand the adversary two QCs.
        const bool swap = rng_.chance(0.5);
        transmit(index, to, swap ? other : message);
        transmit(index, to, swap ? message : other);
        return;
      }
      break;
    case Behavior::kInvalid:
      if (rng_.chance(0.3)) {
        Message bad = *message;
        ++result_.faults_injected;
        std::visit(
            [&](auto& m) {
              using T = std::decay_t<decltype(m)>;
              if constexpr (std::is_same_v<T, QuorumProposal>) {
                switch (rng_.below(4)) {
                  case 0:
                    m.signature.at(0) ^= 1;
                    break;
                  case 1:
                    m.leaf.header.resize(1 << 16);
                    break;
                  case 2:
                    m.justify.signers.push_back(true);
                    break;
                  default:
                    m.leaf.view += 1;
                    break;
                }
              } else if constexpr (std::is_same_v<T, Vote>) {
                if (rng_.chance(0.5)) {
                  m.signature.at(0) ^= 1;
                } else {
                  m.signer = (m.signer + 1) % static_cast<NodeIndex>(plan_.nodes);
                }
              } else if constexpr (std::is_same_v<T, TimeoutVote>) {
                m.vote.signature.at(0) ^= 1;
                if (!m.high_qc.aggregate.empty()) m.high_qc.aggregate.at(0) ^= 1;
              } else if constexpr (std::is_same_v<T, DaProposal>) {
                if (!m.payload.empty()) m.payload[0] ^= 1;
              } else if constexpr (std::is_same_v<T, VidDisperse>) {
                m.share.push_back(0);
              } else if constexpr (std::is_same_v<T, ProposalResponse>) {
                m.proposal.leaf.height += 1;
              }
            },
            bad);
        transmit(index, to, std::make_shared<const Message>(std::move(bad)));
      }
      break;
    default:
      break;
  }
  transmit(index, to, message);
}

void Simulation::deliver_to_self(std::size_t index, const MessagePtr& message) {
  const std::uint64_t incarnation = instances_[index].incarnation;
  scheduler_.after(0, [this, index, incarnation, message] {
    Instance& instance = instances_[index];
    if (!instance.alive || instance.incarnation != incarnation) return;
    trace(3 + message->index(), index, message_view(*message));
    execute(index, instance.replica->on_message(instance.key, *message));
  });
}

// Every honest decided chain switches from the old to the new header version once, at the same
// height for every replica, and never goes back.
void Simulation::check_version(std::size_t index, const Leaf& leaf) {
  const Version base = ReplicaConfig{}.version;
  const auto version = test_header_version(leaf.header);
  const Version upgraded = options_.upgrade ? options_.upgrade->new_version : base;
  if (!version || (*version != base && *version != upgraded)) {
    return checker_->fail("decided a header of an unexpected version at height " +
                          std::to_string(leaf.height));
  }
  Instance& instance = instances_[index];
  if (*version == base) {
    if (instance.switch_height && leaf.height >= *instance.switch_height) {
      checker_->fail("replica " + std::to_string(index) + " went back to version " +
                     to_string(base) + " at height " + std::to_string(leaf.height));
    }
    return;
  }
  if (instance.switch_height && *instance.switch_height <= leaf.height) return;
  instance.switch_height = leaf.height;
  if (!result_.upgrade_height) {
    result_.upgrade_height = leaf.height;
    result_.upgrade_view = leaf.view;
  } else if (*result_.upgrade_height != leaf.height) {
    checker_->fail("replica " + std::to_string(index) + " switched version at height " +
                   std::to_string(leaf.height) + ", another honest replica at " +
                   std::to_string(*result_.upgrade_height));
  }
}

// The equivocating adversary aggregates every quorum vote its nodes receive, so that when a
// replica votes for two proposals of one view (a broken rule) it holds two QCs of that view.
void Simulation::collect_votes(const Message& message) {
  const auto* vote = std::get_if<Vote>(&message);
  if (vote == nullptr || vote->kind != CertificateKind::kQuorum || vote->signer >= plan_.nodes) {
    return;
  }
  auto it = adversary_votes_
                .try_emplace({vote->view, vote->subject}, vote->kind, vote->view, vote->subject)
                .first;
  auto outcome = it->second.add(*vote, *table_, *verifier_);
  if (outcome.certificate) adversary_qcs_[vote->view].push_back(*outcome.certificate);
}

// The second proposal an equivocating leader sends for a view (nullptr: it sends nothing). After a
// TC it forks below the honest lock; otherwise on a different QC of the previous view when the
// adversary has one; else it keeps the parent and changes the header.
MessagePtr Simulation::equivocation(std::size_t index, const QuorumProposal& proposal) {
  const auto key = std::make_pair(index, proposal.view());
  if (const auto it = equivocations_.find(key); it != equivocations_.end()) return it->second;
  if (!proposal.timeout && rng_.chance(0.3)) {
    ++result_.faults_injected;
    equivocations_.emplace(key, nullptr);
    return nullptr;
  }
  QuorumProposal other = proposal;
  bool forked = false;
  const Version version = test_header_version(proposal.leaf.header).value_or(Version{});
  // The same payload, so the same size: the forks stay valid blocks.
  const std::uint64_t payload_size = test_header_payload_size(proposal.leaf.header).value_or(0);
  if (proposal.timeout) {
    // After a TC: fork from a QC a few views below the justify, i.e. below what honest nodes have
    // locked. Only a node that ignores its lock votes for it.
    for (const auto& [view, qc] : qcs_seen_) {
      const auto parent = seen_leaves_.find(qc.subject);
      if (view + 4 < proposal.justify.view || view + 2 > proposal.justify.view ||
          parent == seen_leaves_.end()) {
        continue;
      }
      other.leaf = Leaf{
          proposal.view(), parent->second.height + 1, qc.subject, proposal.leaf.payload_commitment,
          encode_test_header(parent->second, proposal.view(), version,
                             proposal.leaf.payload_commitment, payload_size, as_bytes("below"))};
      other.justify = qc;
      forked = true;
      break;
    }
  }
  for (const Certificate& qc : adversary_qcs_[proposal.justify.view]) {
    const auto parent = seen_leaves_.find(qc.subject);
    if (forked || qc.subject == proposal.justify.subject || parent == seen_leaves_.end()) continue;
    other.leaf = Leaf{
        proposal.view(), parent->second.height + 1, qc.subject, proposal.leaf.payload_commitment,
        encode_test_header(parent->second, proposal.view(), version,
                           proposal.leaf.payload_commitment, payload_size, as_bytes("fork"))};
    other.justify = qc;
    forked = true;
    break;
  }
  if (!forked) append(other.leaf.header, as_bytes("equivocation"));
  other.signature = instances_[index].signer->sign(proposal_digest(other));
  seen_leaves_.emplace(other.leaf.commitment(), other.leaf);
  ++result_.faults_injected;
  auto message = std::make_shared<const Message>(std::move(other));
  equivocations_.emplace(key, message);
  return message;
}

// The shares honest nodes keep: sent by the leader, or their own share of a payload they stored
// (a DA member's, or the leader's), which a restart derives again. Checked with the scheme itself,
// outside the replicas' timed VID.
void Simulation::record_share(std::size_t index, const PersistRecord& record) {
  if (!honest(index)) return;
  const NodeIndex key = instances_[index].key;
  const VidScheme& vid = real_vid_ ? *real_vid_ : static_cast<const VidScheme&>(fake_vid_);
  if (const auto* kept = std::get_if<PersistVidShare>(&record)) {
    if (vid.verify_share(kept->payload_commitment, key, kept->share, plan_.nodes)) {
      honest_shares_[kept->payload_commitment].emplace_back(key, kept->share);
    }
  } else if (const auto* stored = std::get_if<PersistDaProposal>(&record)) {
    auto derived = vid.disperse_to(stored->payload, std::span(&key, 1), plan_.nodes);
    if (derived && derived->commitment == stored->payload_commitment) {
      honest_shares_[stored->payload_commitment].emplace_back(key,
                                                              std::move(derived->shares.at(key)));
    }
  }
}

// Every decided payload must be recoverable from the shares honest nodes keep (a vote needs a
// verified share, kept before the vote, so more than 1/3 of the stake of honest voters holds one).
void Simulation::check_recoverable(const Leaf& leaf) {
  if (!recovered_.insert(leaf.commitment()).second) return;
  const auto& shares = honest_shares_[leaf.payload_commitment];
  auto payload = vid_->recover(leaf.payload_commitment, shares, plan_.nodes);
  if (!payload || vid_->commit(*payload, plan_.nodes) != leaf.payload_commitment) {
    checker_->fail("payload of the leaf decided at height " + std::to_string(leaf.height) +
                   " is not recoverable from honest shares (" + std::to_string(shares.size()) +
                   " received)");
  }
}

// What a decide hands out must be the block's: the payload matches the commitment and the share
// verifies. A replica that voted for the leaf (or DA-voted for its payload) persisted its share (or
// the payload) first, so it still holds it after any crash and restart.
void Simulation::check_decided_block(std::size_t index, const DecidedLeaf& decided) {
  const Instance& instance = instances_[index];
  const Leaf& leaf = decided.leaf;
  const std::string where =
      "replica " + std::to_string(index) + " at height " + std::to_string(leaf.height);
  if (decided.payload && vid_->commit(*decided.payload, plan_.nodes) != leaf.payload_commitment) {
    checker_->fail(where + " decided a payload that does not match the leaf");
  }
  if (decided.vid_share &&
      !vid_->verify_share(leaf.payload_commitment, instance.key, *decided.vid_share, plan_.nodes)) {
    checker_->fail(where + " decided with a VID share that does not verify");
  }
  if (decided.vid_share) ++result_.decided_with_share;
  if (!decided.vid_share && instance.voted_leaves.contains(leaf.commitment())) {
    checker_->fail(where + " lost the VID share of a leaf it voted for");
  }
  if (!decided.payload && instance.da_voted.contains({leaf.view, leaf.payload_commitment})) {
    checker_->fail(where + " lost the DA payload it voted for");
  }
  ++result_.decided_leaves;
}

void Simulation::transmit(std::size_t index, NodeIndex to, const MessagePtr& message) {
  for (std::size_t target : by_key_[to]) {
    const auto delays =
        network_->delivery_delays(index, target, scheduler_.now(), rng_, result_.faults_injected);
    for (VirtualTime delay : delays) {
      const NodeIndex from = instances_[index].key;
      scheduler_.after(delay, [this, target, from, message] {
        Instance& instance = instances_[target];
        if (!instance.alive) return;
        trace(3 + message->index(), target, (std::uint64_t{from} << 40) ^ message_view(*message));
        if (instance.behavior == Behavior::kEquivocate) collect_votes(*message);
        execute(target, instance.replica->on_message(from, *message));
      });
    }
  }
}

void Simulation::check_liveness() {
  if (!gst_passed_) return;
  ViewNumber max_view = 0;
  bool all_progressed = true;
  for (std::size_t i = 0; i < instances_.size(); ++i) {
    if (!honest(i)) continue;
    max_view = std::max(max_view, instances_[i].replica->view());
    if (checker_->decided_height(i) < instances_[i].decided_at_gst + options_.views) {
      all_progressed = false;
    }
  }
  result_.views = std::max(result_.views, max_view);
  if (all_progressed) return;
  if (max_view > gst_view_ + kLivenessViews) {
    checker_->fail("liveness: some honest replica decided fewer than " +
                   std::to_string(options_.views) + " new blocks within " +
                   std::to_string(kLivenessViews) + " views after GST;" + lagging());
  }
}

// Which honest replicas are behind, and where they are stuck (for the violation message).
std::string Simulation::lagging() const {
  std::string out;
  for (std::size_t i = 0; i < instances_.size(); ++i) {
    if (!honest(i)) continue;
    const std::size_t height = checker_->decided_height(i);
    if (height >= instances_[i].decided_at_gst + options_.views) continue;
    const auto& replica = *instances_[i].replica;
    out += " replica " + std::to_string(i) + " view " + std::to_string(replica.view()) +
           " decided " + std::to_string(height) + " (replica says " +
           std::to_string(replica.last_decided().height) + ", at GST " +
           std::to_string(instances_[i].decided_at_gst) + "), high QC view " +
           std::to_string(replica.high_qc().view) + ", drops";
    for (std::size_t r = 0; r < replica.metrics().drops.size(); ++r) {
      if (replica.metrics().drops[r] != 0) {
        out += std::string(" ") + kDropReasonNames[r] + "=" +
               std::to_string(replica.metrics().drops[r]);
      }
    }
    out += ";";
  }
  return out;
}

ScheduleResult Simulation::run() {
  for (std::size_t i = 0; i < instances_.size(); ++i) start(i, false);
  // Crashes and restarts (before GST), partitions (until GST), transactions, GST itself.
  for (std::size_t key : plan_.crashers) {
    for (std::size_t index : by_key_[key]) {
      const VirtualTime crash_at = rng_.below(plan_.gst + 1);
      const VirtualTime restart_at = crash_at + rng_.below(plan_.gst - crash_at + 1);
      scheduler_.at(crash_at, [this, index] {
        if (rng_.chance(0.5)) {
          instances_[index].crash_mid_batch = true;  // dies inside its next batch
        } else {
          instances_[index].alive = false;
          ++result_.faults_injected;
        }
      });
      scheduler_.at(restart_at + 1, [this, index] {
        instances_[index].crash_mid_batch = false;
        trace(4000, index, 0);
        start(index, true);
      });
    }
  }
  if (plan_.faults & static_cast<FaultSet>(Fault::kPartition)) {
    for (VirtualTime t = 0; t < plan_.gst; t += rng_.between(200, 2000)) {
      std::vector<int> side(instances_.size());
      for (auto& s : side) s = static_cast<int>(rng_.below(2));
      scheduler_.at(t, [this, side] {
        network_->partition(side);
        ++result_.faults_injected;
      });
    }
  }
  for (VirtualTime t = 0; t < plan_.gst + kLivenessViews * kViewTimeoutMs; t += 300) {
    const std::size_t target = rng_.below(instances_.size());
    const std::uint64_t id = rng_.next();
    scheduler_.at(t, [this, target, id] {
      Instance& instance = instances_[target];
      if (!instance.alive || (options_.check_transactions && gst_passed_)) return;
      Bytes tx(8 + id % 64, static_cast<std::uint8_t>(id));
      for (int i = 0; i < 8; ++i) tx[i] = static_cast<std::uint8_t>(id >> (8 * i));
      if (options_.check_transactions) submitted_.emplace(tx, 0);
      execute(target, instance.replica->on_local_transaction(std::move(tx)).actions);
    });
  }
  scheduler_.at(plan_.gst, [this] {
    network_->heal();
    gst_passed_ = true;
    for (std::size_t i = 0; i < instances_.size(); ++i) {
      if (!instances_[i].alive) start(i, true);  // every crashed node is back by GST
      instances_[i].decided_at_gst = checker_->decided_height(i);
      gst_view_ = std::max(gst_view_, instances_[i].replica->view());
    }
  });

  while (!checker_->violation()) {
    if (!scheduler_.step()) {
      checker_->fail("simulation ran out of events (no timers armed)");
      break;
    }
    if (++result_.events > kMaxEvents) {
      checker_->fail("event budget exhausted");
      break;
    }
    check_liveness();
    if (gst_passed_) {
      bool done = true;
      for (std::size_t i = 0; i < instances_.size() && done; ++i) {
        done = !honest(i) ||
               checker_->decided_height(i) >= instances_[i].decided_at_gst + options_.views;
      }
      if (done) break;
    }
  }
  if (options_.check_transactions) finish_transactions();
  result_.violation = checker_->violation();
  result_.decided_blocks = checker_->max_decided_height();
  return result_;
}

void Simulation::count_transactions(const DecidedLeaf& decided) {
  if (!options_.check_transactions || !decided.payload ||
      decided.leaf.height != counted_height_ + 1) {
    return;
  }
  counted_height_ = decided.leaf.height;
  for (const Bytes& tx : test_payload_transactions(*decided.payload)) {
    const auto it = submitted_.find(tx);
    if (it == submitted_.end()) continue;
    if (it->second == 0) ++result_.transactions_decided;
    if (++it->second > 1) {
      checker_->fail("a transaction was decided twice (again at height " +
                     std::to_string(decided.leaf.height) + ")");
    }
  }
}

// Runs on (no new transactions) until every submitted transaction is decided.
void Simulation::finish_transactions() {
  const auto undecided = [&] {
    return std::count_if(submitted_.begin(), submitted_.end(),
                         [](const auto& entry) { return entry.second == 0; });
  };
  while (!checker_->violation() && undecided() > 0) {
    if (!scheduler_.step() || ++result_.events > kMaxEvents) {
      checker_->fail(std::to_string(undecided()) + " of " + std::to_string(submitted_.size()) +
                     " submitted transactions were never decided");
      break;
    }
  }
}

}  // namespace

ScheduleResult run_schedule(const ScheduleOptions& options) {
  return Simulation(options).run();
}

std::string replay_command(const ScheduleOptions& options) {
  std::string command = "sim --seed " + std::to_string(options.seed);
  if (options.nodes) command += " --nodes " + std::to_string(*options.nodes);
  if (options.faults != kAllFaults) command += " --faults " + format_faults(options.faults);
  command += " --views " + std::to_string(options.views);
  if (options.bls) command += " --bls";
  if (options.real_vid) command += " --real-vid";
  if (const auto& upgrade = options.upgrade; upgrade && upgrade->uses_time()) {
    command += " --upgrade-time " +
               std::to_string(upgrade->start_proposing_time - kSimEpochUnixSeconds) + ":" +
               std::to_string(upgrade->stop_proposing_time - kSimEpochUnixSeconds) + ":" +
               std::to_string(upgrade->activation_offset);
  } else if (upgrade) {
    command += " --upgrade " + std::to_string(upgrade->start_proposing_view) + ":" +
               std::to_string(upgrade->stop_proposing_view) + ":" +
               std::to_string(upgrade->activation_offset);
  }
  if (options.broken_rule != BrokenRule::kNone) {
    command += " --broken-rule " + std::to_string(static_cast<int>(options.broken_rule));
  }
  return command;
}

}  // namespace espresso::sim
