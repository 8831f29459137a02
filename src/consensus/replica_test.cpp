#include "consensus/replica.hpp"

#include <deque>
#include <functional>
#include <map>

#include <gtest/gtest.h>

#include "common/hash.hpp"
#include "consensus/avid_vid.hpp"
#include "consensus/fake_signatures.hpp"
#include "consensus/test_blocks.hpp"
#include "vid/codec.hpp"
#include "vid/commitment.hpp"

namespace espresso::consensus {
namespace {

// States a payload size one byte larger than the payload's.
class OversizeClaimBuilder final : public BlockBuilder {
 public:
  BuiltPayload build_block_payload(std::span<const Bytes> transactions) override {
    return inner_.build_block_payload(transactions);
  }
  Bytes build_header(const Leaf& parent, ViewNumber view, Version version,
                     const Commitment& payload_commitment, ByteView payload) override {
    Bytes longer(payload.begin(), payload.end());
    longer.push_back(0);
    return inner_.build_header(parent, view, version, payload_commitment, longer);
  }

 private:
  TestBlockBuilder inner_;
};

// Blocks of at most 4096 payload bytes.
class CappedBuilder final : public BlockBuilder {
 public:
  BuiltPayload build_block_payload(std::span<const Bytes> transactions) override {
    return inner_.build_block_payload(transactions);
  }
  Bytes build_header(const Leaf& parent, ViewNumber view, Version version,
                     const Commitment& payload_commitment, ByteView payload) override {
    return inner_.build_header(parent, view, version, payload_commitment, payload);
  }

 private:
  TestBlockBuilder inner_{4096};
};

// A single-node network: the node leads every view and decides on its own.
template <typename Builder = TestBlockBuilder>
struct SoloWith {
  FakeKeys keys{1, 1};
  std::unique_ptr<Signer> signer = keys.signer(0);
  std::unique_ptr<SignatureVerifier> verifier = keys.verifier();
  StakeTable table = *StakeTable::create({{1, true}});
  Builder builder;
  TestBlockValidator validator;
  FakeVid vid;
  Replica replica{ReplicaConfig{}, {table, *signer, *verifier, builder, validator, vid}};
};
using Solo = SoloWith<>;

std::vector<Leaf> decided(const Actions& actions) {
  std::vector<Leaf> out;
  for (const auto& action : actions) {
    if (const auto* d = std::get_if<DecideAction>(&action)) {
      for (const DecidedLeaf& l : d->leaves) out.push_back(l.leaf);
    }
  }
  return out;
}

// Delivers the node's messages to itself, in order, for `steps` events.
template <typename Node>
Actions drive(Node& solo, Actions actions, int steps) {
  Actions all;
  std::deque<MessagePtr> inbox;
  for (int i = 0; i < steps; ++i) {
    for (auto& action : actions) {
      if (const auto* send = std::get_if<SendAction>(&action)) {
        EXPECT_EQ(send->to, 0u);
        inbox.push_back(send->message);
      }
      all.push_back(std::move(action));
    }
    if (inbox.empty()) break;
    const MessagePtr next = inbox.front();
    inbox.pop_front();
    actions = solo.replica.on_message(0, *next);
  }
  for (auto& action : actions) all.push_back(std::move(action));
  return all;
}

TEST(Replica, SoloNodeDecidesAChainAndPersistsBeforeVoting) {
  Solo solo;
  const Actions actions = drive(solo, solo.replica.start(std::nullopt), 200);
  const auto leaves = decided(actions);
  ASSERT_FALSE(leaves.empty());
  for (std::size_t i = 0; i < leaves.size(); ++i) EXPECT_EQ(leaves[i].height, i + 1);
  // Persistence of the voted view precedes every send or broadcast of this batch's votes.
  bool saw_persist_vote = false;
  for (const auto& action : actions) {
    if (const auto* p = std::get_if<PersistAction>(&action)) {
      saw_persist_vote = saw_persist_vote || std::holds_alternative<PersistVotedView>(p->record);
    }
  }
  EXPECT_TRUE(saw_persist_vote);
  EXPECT_EQ(solo.replica.last_decided().height, leaves.back().height);
}

TEST(Replica, DoesNotVoteForAHeaderThatMisstatesThePayloadSize) {
  SoloWith<OversizeClaimBuilder> solo;
  const Actions actions = drive(solo, solo.replica.start(std::nullopt), 200);
  EXPECT_TRUE(decided(actions).empty());
  EXPECT_EQ(solo.replica.metrics().votes_sent, 0u);
  EXPECT_GT(solo.replica.metrics().drops[static_cast<std::size_t>(DropReason::kInvalidBlock)], 0u);
}

std::vector<DecidedLeaf> decided_blocks(const Actions& actions) {
  std::vector<DecidedLeaf> out;
  for (const auto& action : actions) {
    if (const auto* d = std::get_if<DecideAction>(&action)) {
      out.insert(out.end(), d->leaves.begin(), d->leaves.end());
    }
  }
  return out;
}

TEST(Replica, DecidedLeavesCarryThePayloadAndOwnShare) {
  Solo solo;
  (void)solo.replica.on_local_transaction(Bytes{1, 2, 3});
  const auto blocks = decided_blocks(drive(solo, solo.replica.start(std::nullopt), 200));
  ASSERT_FALSE(blocks.empty());
  bool saw_transaction = false;
  for (const DecidedLeaf& block : blocks) {
    ASSERT_TRUE(block.payload && block.vid_share);  // the solo node is a DA member
    EXPECT_EQ(solo.vid.commit(*block.payload, 1), block.leaf.payload_commitment);
    EXPECT_TRUE(solo.vid.verify_share(block.leaf.payload_commitment, 0, *block.vid_share, 1));
    saw_transaction = saw_transaction || !block.payload->empty();
  }
  EXPECT_TRUE(saw_transaction);
}

// With real VID, each decided leaf also carries the VID common data its share holds: the query
// service stores it instead of dispersing the payload again; its hash is the payload commitment.
TEST(Replica, DecidedLeavesCarryTheVidCommonOfTheirShare) {
  struct SoloAvid {
    FakeKeys keys{1, 1};
    std::unique_ptr<Signer> signer = keys.signer(0);
    std::unique_ptr<SignatureVerifier> verifier = keys.verifier();
    StakeTable table = *StakeTable::create({{1, true}});
    TestBlockBuilder builder{4096};
    TestBlockValidator validator;
    std::unique_ptr<VidScheme> vid = make_avid_vid({1});
    Replica replica{ReplicaConfig{}, {table, *signer, *verifier, builder, validator, *vid}};
  } solo;
  (void)solo.replica.on_local_transaction(Bytes{1, 2, 3});
  const auto blocks = decided_blocks(drive(solo, solo.replica.start(std::nullopt), 200));
  ASSERT_FALSE(blocks.empty());
  for (const DecidedLeaf& block : blocks) {
    ASSERT_TRUE(block.vid_common.has_value()) << "height " << block.leaf.height;
    auto common = vid::decode_common(*block.vid_common);
    ASSERT_TRUE(common) << common.error().message;
    EXPECT_EQ(vid::payload_commitment(*common), block.leaf.payload_commitment);
  }
  EXPECT_FALSE(FakeVid{}.common(Bytes{1}).has_value());  // a scheme without common data
}

// Four replicas with real VID over one in-order message queue; `on_send` sees every message a
// replica sends (to one peer or to all) before it is queued.
struct FourNodes {
  static constexpr std::size_t kNodes = 4;
  struct Delivery {
    NodeIndex from, to;
    MessagePtr message;
  };

  explicit FourNodes(std::vector<StakeEntry> entries)
      : table(*StakeTable::create(std::move(entries))) {
    for (NodeIndex i = 0; i < kNodes; ++i) {
      signers.push_back(keys.signer(i));
      replicas.emplace_back(ReplicaConfig{}, ReplicaContext{table, *signers[i], *verifier,
                                                            builders[i], validator, *vid});
    }
  }

  void take(NodeIndex from, Actions actions) {
    for (auto& action : actions) {
      if (const auto* send = std::get_if<SendAction>(&action)) {
        if (on_send) on_send(from, *send->message, send->waits_for_persist);
        queue.push_back({from, send->to, send->message});
      } else if (const auto* all = std::get_if<BroadcastAction>(&action)) {
        if (on_send) on_send(from, *all->message, all->waits_for_persist);
        for (NodeIndex to = 0; to < kNodes; ++to) {
          if (to != from) queue.push_back({from, to, all->message});
        }
      } else if (const auto* decide = std::get_if<DecideAction>(&action)) {
        for (const auto& leaf : decide->leaves) decided_by[from].push_back(leaf);
      } else if (const auto* persist = std::get_if<PersistAction>(&action)) {
        if (on_persist) on_persist(from, persist->record);
      }
    }
  }

  // Each node pools one transaction, then all start and run for at most `steps` deliveries.
  void run(int steps) {
    for (NodeIndex i = 0; i < kNodes; ++i) {
      take(i, replicas[i].on_local_transaction(Bytes(300, static_cast<std::uint8_t>(i))).actions);
    }
    for (NodeIndex i = 0; i < kNodes; ++i) take(i, replicas[i].start(std::nullopt));
    for (int step = 0; step < steps && !queue.empty(); ++step) {
      const Delivery next = queue.front();
      queue.pop_front();
      const std::size_t decided_before = decided_by[next.to].size();
      take(next.to, replicas[next.to].on_message(next.from, *next.message));
      if (on_delivered) on_delivered(next, decided_by[next.to].size() > decided_before);
    }
  }

  const FakeKeys keys{7, kNodes};
  const std::unique_ptr<SignatureVerifier> verifier = keys.verifier();
  const StakeTable table;
  const std::unique_ptr<VidScheme> vid = make_avid_vid({1, 1, 1, 1});
  TestBlockValidator validator;
  std::vector<std::unique_ptr<Signer>> signers;
  std::vector<TestBlockBuilder> builders{kNodes, TestBlockBuilder{4096}};
  std::vector<Replica> replicas;
  std::deque<Delivery> queue;
  std::vector<std::vector<DecidedLeaf>> decided_by{kNodes};
  std::function<void(NodeIndex from, const Message&, bool waits_for_persist)> on_send;
  std::function<void(NodeIndex from, const PersistRecord&)> on_persist;
  // After each delivery: whether its recipient decided on it.
  std::function<void(const Delivery&, bool decided)> on_delivered;
};

// The next leader announces each QC it forms as soon as it has it; the proposal that carries it
// waits for the next payload's DA certificate. Replicas lock and decide on the announcement, and
// every node still decides the same chain.
TEST(Replica, ReplicasDecideOnTheNextLeadersQcAnnouncement) {
  FourNodes net({{1, true}, {1, true}, {1, true}, {1, true}});
  std::size_t decided_on_announcement = 0;
  net.on_delivered = [&](const FourNodes::Delivery& delivery, bool decided) {
    if (decided && std::holds_alternative<QuorumCertificateMessage>(*delivery.message)) {
      ++decided_on_announcement;
    }
  };
  net.run(5000);
  EXPECT_GT(decided_on_announcement, 0u);
  const std::size_t common = std::min(net.decided_by[0].size(), net.decided_by[1].size());
  ASSERT_GE(common, 5u);
  for (NodeIndex node = 1; node < FourNodes::kNodes; ++node) {
    for (std::size_t i = 0; i < std::min(common, net.decided_by[node].size()); ++i) {
      EXPECT_EQ(net.decided_by[node][i].leaf.commitment(), net.decided_by[0][i].leaf.commitment())
          << "node " << node << " at " << i;
    }
  }
}

// An announcement is taken only from the leader that formed it, only when it is news, and only
// with a quorum certificate that verifies; otherwise it is dropped with the reason and changes
// nothing.
TEST(Replica, QcAnnouncementsFromTheWrongSenderOrWithBadSignaturesAreDropped) {
  FourNodes net({{1, true}, {1, true}, {1, true}, {1, true}});
  Replica& replica = net.replicas[0];
  (void)replica.start(std::nullopt);
  const ViewNumber view = 5;
  const NodeIndex former = net.table.leader(view + 1);
  const NodeIndex other = static_cast<NodeIndex>((former + 1) % FourNodes::kNodes);
  Certificate forged{
      CertificateKind::kQuorum, view, Commitment{}, {true, true, true, false}, Bytes(3, 1)};
  const auto drops = [&](DropReason reason) {
    return replica.metrics().drops[static_cast<std::size_t>(reason)];
  };
  (void)replica.on_message(other, QuorumCertificateMessage{forged});
  EXPECT_EQ(drops(DropReason::kWrongSender), 1u);
  (void)replica.on_message(former, QuorumCertificateMessage{forged});
  EXPECT_EQ(drops(DropReason::kBadCertificate), 1u);
  Certificate timeout = forged;
  timeout.kind = CertificateKind::kTimeout;
  (void)replica.on_message(former, QuorumCertificateMessage{timeout});
  EXPECT_EQ(drops(DropReason::kMalformed), 1u);
  Certificate stale = forged;
  stale.view = 0;  // not above the genesis QC this replica holds
  (void)replica.on_message(net.table.leader(1), QuorumCertificateMessage{stale});
  EXPECT_EQ(drops(DropReason::kStaleView), 1u);
  EXPECT_EQ(drops(DropReason::kBadCertificate), 1u);  // the stale one was never checked
  EXPECT_EQ(replica.high_qc().view, 0u);
  EXPECT_EQ(replica.view(), 1u);
}

// Four nodes, three of them DA members, with real VID, every message delivered in order. The
// leader sends a share only to the node outside the DA committee; the members take theirs from the
// DA proposal's payload, and every node still votes, decides and hands out a share that verifies.
TEST(Replica, DaMembersTakeTheirShareFromTheDaProposal) {
  constexpr NodeIndex kOutsider = 3;
  FourNodes net({{1, true}, {1, true}, {1, true}, {1, false}});
  std::size_t shares_sent = 0;
  std::size_t early_gossip = 0;
  std::size_t announcements = 0;
  net.on_send = [&](NodeIndex, const Message& message, bool waits_for_persist) {
    if (const auto* share = std::get_if<VidDisperse>(&message)) {
      EXPECT_EQ(share->recipient, kOutsider) << "a DA member was sent its share";
      ++shares_sent;
    }
    // Everything a replica sends waits for the disk, the leader's payload and shares included
    // (sent before its record, a crash could make it send a second payload in the view); only
    // transaction gossip and QC announcements, which say nothing about our votes, need not.
    const bool gossip = std::holds_alternative<TransactionMessage>(message);
    const bool announcement = std::holds_alternative<QuorumCertificateMessage>(message);
    EXPECT_EQ(waits_for_persist, !gossip && !announcement) << "message kind " << message.index();
    early_gossip += gossip ? 1 : 0;
    announcements += announcement ? 1 : 0;
  };
  net.run(5000);
  EXPECT_GT(shares_sent, 0u);
  EXPECT_GT(early_gossip, 0u);
  EXPECT_GT(announcements, 0u);
  for (NodeIndex node = 0; node < FourNodes::kNodes; ++node) {
    ASSERT_GE(net.decided_by[node].size(), 5u) << "node " << node;
    EXPECT_EQ(net.replicas[node].metrics().drops[static_cast<std::size_t>(DropReason::kBadShare)],
              0u);
    for (const DecidedLeaf& block : net.decided_by[node]) {
      ASSERT_TRUE(block.vid_share.has_value()) << "node " << node;
      EXPECT_TRUE(net.vid->verify_share(block.leaf.payload_commitment, node, *block.vid_share,
                                        FourNodes::kNodes))
          << "node " << node << " at height " << block.leaf.height;
      // The outsider holds only the payloads of the blocks it built (all empty payloads are one).
      if (node != kOutsider) {
        EXPECT_TRUE(block.payload.has_value());
      } else if (block.payload && !block.payload->empty()) {
        EXPECT_EQ(net.table.leader(block.leaf.view), kOutsider);
      }
    }
  }
}

// A node that stores a payload (a DA member's, or a leader's own) does not store its share of it
// too, which would write half as many bytes again before its vote: a restart derives the share
// from the payload (RestartRestoresPayloadsSharesAndTheDaVotedView). Only a share of a payload
// stored for an earlier view (the one empty payload, proposed again) is stored again, for the
// later view.
TEST(Replica, NodesHoldingThePayloadStoreItAndNotTheirShare) {
  constexpr NodeIndex kOutsider = 3;
  FourNodes net({{1, true}, {1, true}, {1, true}, {1, false}});
  std::vector<std::map<Commitment, ViewNumber>> first_stored(FourNodes::kNodes);
  std::size_t payloads = 0;
  std::size_t outsider_shares = 0;
  net.on_persist = [&](NodeIndex from, const PersistRecord& record) {
    if (const auto* da = std::get_if<PersistDaProposal>(&record)) {
      first_stored[from].emplace(da->payload_commitment, da->view);
      ++payloads;
    } else if (const auto* share = std::get_if<PersistVidShare>(&record)) {
      const auto stored = first_stored[from].find(share->payload_commitment);
      EXPECT_TRUE(stored == first_stored[from].end() || stored->second < share->view)
          << "node " << from << " stored its share of the payload it stored in view "
          << share->view;
      if (from == kOutsider) ++outsider_shares;
    }
  };
  net.run(5000);
  EXPECT_GT(payloads, 0u);
  EXPECT_GT(outsider_shares, 0u);  // it holds no payload but its leaders' own
  for (NodeIndex node = 0; node < FourNodes::kNodes; ++node) {
    ASSERT_GE(net.decided_by[node].size(), 5u) << "node " << node;
    for (const DecidedLeaf& block : net.decided_by[node]) {
      EXPECT_TRUE(block.vid_share.has_value()) << "node " << node;
    }
  }
}

// The next view's leader sends its DA proposal on the current view's proposal, before the QC that
// lets it propose exists, so the DA committee votes while the current view's votes are collected;
// its block still excludes what the chain holds: every transaction is decided exactly once.
TEST(Replica, NextLeaderStartsItsDaRoundBeforeEnteringItsView) {
  FourNodes net({{1, true}, {1, true}, {1, true}, {1, true}});
  std::size_t early = 0;
  std::size_t da_proposals = 0;
  net.on_send = [&](NodeIndex from, const Message& message, bool) {
    const auto* da = std::get_if<DaProposal>(&message);
    if (da == nullptr || da->view == 1) return;
    ++da_proposals;
    EXPECT_LE(net.replicas[from].view(), da->view) << "a DA proposal for a past view";
    if (net.replicas[from].view() + 1 == da->view) ++early;
  };
  net.run(5000);
  EXPECT_GT(da_proposals, 0u);
  EXPECT_EQ(early, da_proposals) << "every DA round after the first started a view early";
  for (NodeIndex node = 0; node < FourNodes::kNodes; ++node) {
    ASSERT_GE(net.decided_by[node].size(), 5u) << "node " << node;
    std::map<Commitment, int> sequenced;
    for (const DecidedLeaf& block : net.decided_by[node]) {
      for (const auto& pooled : block.pooled) ++sequenced[pooled.commitment];
    }
    EXPECT_EQ(sequenced.size(), FourNodes::kNodes) << "node " << node;
    for (const auto& [commitment, times] : sequenced) EXPECT_EQ(times, 1) << "node " << node;
  }
}

// The next leader's DA proposal can overtake the current one on its way to a DA member; the member
// votes for both (one vote per view), and refuses a second payload in a view it voted in.
TEST(Replica, DaMemberVotesForADaProposalOvertakenByTheNextOne) {
  FourNodes net({{1, true}, {1, true}, {1, true}, {1, true}});
  Replica& member = net.replicas[0];
  (void)member.start(std::nullopt);
  ASSERT_EQ(member.view(), 1u);
  const auto da_proposal = [&](ViewNumber view, Bytes payload) {
    const NodeIndex leader = net.table.leader(view);
    const Commitment commitment = net.vid->commit(payload, FourNodes::kNodes);
    return std::pair(leader,
                     DaProposal{view, commitment, std::move(payload),
                                net.signers[leader]->sign(da_proposal_digest(view, commitment))});
  };
  const auto da_votes = [](const Actions& actions) {
    std::vector<ViewNumber> views;
    for (const auto& action : actions) {
      const auto* send = std::get_if<SendAction>(&action);
      const auto* vote = send ? std::get_if<Vote>(&*send->message) : nullptr;
      if (vote && vote->kind == CertificateKind::kDa) views.push_back(vote->view);
    }
    return views;
  };
  const auto [next_leader, next] = da_proposal(3, Bytes(100, 3));
  const auto [leader, current] = da_proposal(2, Bytes(100, 2));
  const auto [same_leader, second] = da_proposal(2, Bytes(100, 9));
  EXPECT_EQ(da_votes(member.on_message(next_leader, next)), std::vector<ViewNumber>{3});
  EXPECT_EQ(da_votes(member.on_message(leader, current)), std::vector<ViewNumber>{2});
  EXPECT_TRUE(da_votes(member.on_message(same_leader, second)).empty());
  EXPECT_EQ(member.metrics().drops[static_cast<std::size_t>(DropReason::kDuplicate)], 1u);
}

// A node that crashes after any number of steps and restarts from what it persisted still hands
// out the payload and share of every leaf it decides, and never DA-votes twice in a view.
TEST(Replica, DecidedLeavesCarryTheQuorumCertificateOnThem) {
  Solo solo;
  const auto blocks = decided_blocks(drive(solo, solo.replica.start(std::nullopt), 200));
  ASSERT_GE(blocks.size(), 3u);
  for (const DecidedLeaf& block : blocks) {
    ASSERT_TRUE(block.qc.has_value()) << "height " << block.leaf.height;
    EXPECT_EQ(block.qc->kind, CertificateKind::kQuorum);
    EXPECT_EQ(block.qc->subject, block.leaf.commitment());
    EXPECT_EQ(block.qc->view, block.leaf.view);
  }
}

TEST(Replica, RestartRestoresPayloadsSharesAndTheDaVotedView) {
  for (int steps = 1; steps < 40; ++steps) {
    Solo before;
    (void)before.replica.on_local_transaction(Bytes{9});
    const Actions actions = drive(before, before.replica.start(std::nullopt), steps);
    PersistedState stored;
    for (const auto& action : actions) {
      if (const auto* p = std::get_if<PersistAction>(&action)) stored.apply(p->record);
    }
    Solo after;
    Actions resumed = drive(after, after.replica.start(stored), 200);
    // It may resume in a view it already voted in; the timeout moves it on.
    for (auto& action : drive(after, after.replica.on_timer(after.replica.view()), 200)) {
      resumed.push_back(std::move(action));
    }
    const auto blocks = decided_blocks(resumed);
    ASSERT_FALSE(blocks.empty()) << steps;
    std::map<ViewNumber, Commitment> da_votes;
    std::map<ViewNumber, Commitment> proposals;
    for (const Actions* batch : std::initializer_list<const Actions*>{&actions, &resumed}) {
      for (const auto& action : *batch) {
        const auto* all = std::get_if<BroadcastAction>(&action);
        if (const auto* p = all ? std::get_if<QuorumProposal>(&*all->message) : nullptr) {
          // A leader restarted in a view it proposed in sends the same proposal again.
          const auto [it, inserted] = proposals.emplace(p->view(), p->leaf.commitment());
          EXPECT_TRUE(inserted || it->second == p->leaf.commitment())
              << "two proposals in " << p->view() << " after " << steps << " steps";
        }
        const auto* send = std::get_if<SendAction>(&action);
        const auto* vote = send ? std::get_if<Vote>(&*send->message) : nullptr;
        if (vote == nullptr || vote->kind != CertificateKind::kDa) continue;
        const auto [it, inserted] = da_votes.emplace(vote->view, vote->subject);
        EXPECT_TRUE(inserted || it->second == vote->subject) << "two DA votes in " << vote->view;
      }
    }
    for (const DecidedLeaf& block : blocks) {
      EXPECT_TRUE(block.payload && block.vid_share) << steps << " height " << block.leaf.height;
    }
    EXPECT_EQ(after.replica.metrics().drops[static_cast<std::size_t>(DropReason::kInvalidBlock)],
              0u);
  }
}

// A restarted replica resumes in the view after its highest QC (which it can prove to others), not
// in the view it last voted in, yet never votes again in a view up to that one.
TEST(Replica, RestartResumesAfterTheHighQcAndNeverVotesAgainInVotedViews) {
  PersistedState stored;
  stored.apply(PersistVotedView{5});
  Solo solo;
  (void)drive(solo, solo.replica.start(stored), 50);
  EXPECT_EQ(solo.replica.view(), 1u);
  std::vector<DecidedLeaf> blocks;
  for (ViewNumber view = 1; view <= 5; ++view) {
    ASSERT_EQ(solo.replica.view(), view);
    EXPECT_EQ(solo.replica.metrics().votes_sent, 0u) << view;
    // Its own timeout votes form the TC; from view 6 on it votes and decides.
    blocks = decided_blocks(drive(solo, solo.replica.on_timer(view), 200));
  }
  EXPECT_GT(solo.replica.metrics().votes_sent, 0u);  // from view 6 on
  ASSERT_FALSE(blocks.empty());
  EXPECT_GT(blocks.front().leaf.view, 5u);
}

TEST(PersistedState, KeepsTheNewestPayloadAndShareAndPrunesOnDecide) {
  PersistedState state;
  const Commitment a = sha256(as_bytes("a")), b = sha256(as_bytes("b"));
  state.apply(PersistDaProposal{3, a, Bytes{1}});
  state.apply(PersistDaProposal{5, a, Bytes{1}});
  state.apply(PersistDaProposal{6, b, Bytes{2}});
  state.apply(PersistVidShare{4, a, Bytes{7}});
  state.apply(PersistVidShare{2, a, Bytes{8}});  // older: ignored
  state.apply(PersistDaVotedView{6});
  state.apply(PersistDaVotedView{5});
  EXPECT_EQ(state.da_voted_view, 6u);
  ASSERT_EQ(state.da_proposals.size(), 2u);
  EXPECT_EQ(state.da_proposals[0].view, 5u);
  ASSERT_EQ(state.vid_shares.size(), 1u);
  EXPECT_EQ(state.vid_shares[0].share, Bytes{7});

  Leaf decided = genesis_leaf();
  decided.view = 5;
  decided.height = 2;
  state.apply(PersistDecided{decided, std::nullopt});
  ASSERT_EQ(state.da_proposals.size(), 1u);
  EXPECT_EQ(state.da_proposals[0].payload_commitment, b);
  EXPECT_TRUE(state.vid_shares.empty());
  state.apply(PersistVidShare{4, b, Bytes{9}});  // at or below the decided view: not kept
  EXPECT_TRUE(state.vid_shares.empty());
}

TEST(Replica, DropsGarbageWithoutChangingState) {
  Solo solo;
  (void)drive(solo, solo.replica.start(std::nullopt), 50);
  const ViewNumber view = solo.replica.view();
  QuorumProposal bogus;
  bogus.leaf.view = view + 5;
  bogus.leaf.height = 3;
  (void)solo.replica.on_message(0, bogus);
  (void)solo.replica.on_message(7, Message{TransactionMessage{}});
  EXPECT_EQ(solo.replica.view(), view);
  std::uint64_t drops = 0;
  for (auto count : solo.replica.metrics().drops) drops += count;
  EXPECT_GE(drops, 2u);
}

// A leader lists in its proposal only the transactions its builder put in the block: the rest stay
// in the mempool for later blocks instead of being removed on decide unsequenced (40 of 300 bytes
// under a 4096-byte cap once lost 27).
TEST(Replica, TransactionsTheBuilderLeavesOutAreSequencedLater) {
  SoloWith<CappedBuilder> solo;
  std::map<Bytes, int> submitted;
  for (std::uint8_t i = 0; i < 40; ++i) {
    Bytes transaction(300, i);
    submitted[transaction] = 0;
    (void)solo.replica.on_local_transaction(std::move(transaction));
  }
  const auto blocks = decided_blocks(drive(solo, solo.replica.start(std::nullopt), 2000));
  for (const DecidedLeaf& block : blocks) {
    ASSERT_TRUE(block.payload);
    EXPECT_LE(block.payload->size(), 4096u);
    for (const Bytes& transaction : test_payload_transactions(*block.payload)) {
      ++submitted[transaction];
    }
  }
  for (const auto& [transaction, count] : submitted) {
    EXPECT_EQ(count, 1) << "transaction " << int{transaction[0]};
  }
  EXPECT_EQ(solo.replica.mempool().size(), 0u);
}

std::map<ViewNumber, Commitment> da_proposals_sent(const Actions& actions) {
  std::map<ViewNumber, Commitment> out;
  for (const auto& action : actions) {
    if (const auto* send = std::get_if<SendAction>(&action)) {
      if (const auto* da = std::get_if<DaProposal>(&*send->message)) {
        out.emplace(da->view, da->payload_commitment);
      }
    }
  }
  return out;
}

// A leader that crashes after sending its DA proposal, before its quorum proposal, sends the same
// DA proposal again after the restart instead of a second payload for the view.
TEST(Replica, RestartedLeaderResendsItsDaProposal) {
  int resent = 0;
  for (int steps = 1; steps < 40; ++steps) {
    Solo before;
    (void)before.replica.on_local_transaction(Bytes{9});
    const Actions actions = drive(before, before.replica.start(std::nullopt), steps);
    PersistedState stored;
    for (const auto& action : actions) {
      if (const auto* p = std::get_if<PersistAction>(&action)) stored.apply(p->record);
    }
    const auto first = da_proposals_sent(actions);
    Solo after;  // an empty mempool: a rebuilt payload would differ
    const auto again = da_proposals_sent(drive(after, after.replica.start(stored), 200));
    for (const auto& [view, commitment] : again) {
      const auto it = first.find(view);
      if (it == first.end()) continue;
      EXPECT_EQ(it->second, commitment) << "view " << view << " after " << steps << " steps";
      ++resent;
    }
  }
  EXPECT_GT(resent, 0);
}

}  // namespace
}  // namespace espresso::consensus
