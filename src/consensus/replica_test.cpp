#include "consensus/replica.hpp"

#include <deque>

#include <gtest/gtest.h>

#include "consensus/fake_signatures.hpp"
#include "consensus/test_blocks.hpp"

namespace espresso::consensus {
namespace {

// States a payload size one byte larger than the payload's.
class OversizeClaimBuilder final : public BlockBuilder {
 public:
  Bytes build_payload(std::span<const Bytes> transactions) override {
    return inner_.build_payload(transactions);
  }
  Bytes build_header(const Leaf& parent, ViewNumber view, Version version,
                     const Commitment& payload_commitment, std::size_t payload_size) override {
    return inner_.build_header(parent, view, version, payload_commitment, payload_size + 1);
  }

 private:
  TestBlockBuilder inner_;
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

}  // namespace
}  // namespace espresso::consensus
