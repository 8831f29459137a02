#include "consensus/upgrade.hpp"

#include <gtest/gtest.h>

#include "consensus/certificates.hpp"
#include "consensus/fake_signatures.hpp"
#include "consensus/replica.hpp"
#include "consensus/test_blocks.hpp"

namespace espresso::consensus {
namespace {

TEST(Upgrade, CertificateNeedsNineTenthsOfTheStake) {
  const StakeTable ten = *StakeTable::create(std::vector<StakeEntry>(10, {1, true}));
  EXPECT_FALSE(is_upgrade_quorum(ten, 8));
  EXPECT_TRUE(is_upgrade_quorum(ten, 9));
  const StakeTable eleven = *StakeTable::create(std::vector<StakeEntry>(11, {1, true}));
  EXPECT_FALSE(is_upgrade_quorum(eleven, 9));  // 9/11 < 9/10
  EXPECT_TRUE(is_upgrade_quorum(eleven, 10));
  // More than 2/3 is a quorum but not an upgrade quorum.
  EXPECT_TRUE(ten.is_quorum(7));
  EXPECT_FALSE(is_upgrade_quorum(ten, 7));
}

TEST(Upgrade, ViewAndTimeWindowsFollowTheGenesisModes) {
  // View mode: times unbounded, voting views default to [0, never).
  const auto views = UpgradeConfig::view_based({0, 1}, {0, 2}, 5, 10, std::nullopt, 12, 3);
  EXPECT_FALSE(views.uses_time());
  EXPECT_FALSE(views.may_propose(4, std::nullopt));
  EXPECT_TRUE(views.may_propose(5, std::nullopt));  // no clock needed
  EXPECT_FALSE(views.may_propose(10, 1));
  EXPECT_TRUE(views.may_vote(0, std::nullopt));
  EXPECT_TRUE(views.may_vote(11, std::nullopt));
  EXPECT_FALSE(views.may_vote(12, std::nullopt));

  // Time mode: every view, only while the clock is in [start, stop); voting from 0 to never
  // unless set.
  const auto times = UpgradeConfig::time_based({0, 1}, {0, 2}, 1000, 2000, 900, std::nullopt, 3);
  EXPECT_TRUE(times.uses_time());
  EXPECT_FALSE(times.may_propose(7, 999));  // not yet open
  EXPECT_TRUE(times.may_propose(7, 1000));  // open
  EXPECT_TRUE(times.may_propose(1'000'000, 1999));
  EXPECT_FALSE(times.may_propose(7, 2000));          // closed again
  EXPECT_FALSE(times.may_propose(7, std::nullopt));  // no clock: closed
  EXPECT_FALSE(times.may_vote(7, 899));
  EXPECT_TRUE(times.may_vote(7, 900));
  EXPECT_TRUE(times.may_vote(7, 5'000'000'000));
  EXPECT_FALSE(times.may_vote(7, std::nullopt));
  EXPECT_TRUE(times.in_proposing_views(123456) && times.in_voting_views(123456));
}

class FixedClock final : public WallClock {
 public:
  explicit FixedClock(std::uint64_t now) : now_(now) {}
  std::uint64_t now_unix_seconds() const override { return now_; }

 private:
  std::uint64_t now_;
};

// A one-node network (it leads every view, its own votes reach 9/10 of the stake) under a
// time-based window, with the clock at `now` (nullopt: no clock). Returns the version it decided
// last and how many upgrade votes it sent.
std::pair<Version, std::uint64_t> solo_upgrade(std::optional<std::uint64_t> now) {
  FakeKeys keys{1, 1};
  const auto signer = keys.signer(0);
  const auto verifier = keys.verifier();
  const StakeTable table = *StakeTable::create({{1, true}});
  TestBlockBuilder builder;
  TestBlockValidator validator;
  FakeVid vid;
  const FixedClock clock{now.value_or(0)};
  ReplicaConfig config;
  config.upgrade =
      UpgradeConfig::time_based({0, 1}, {0, 2}, 1000, 2000, std::nullopt, std::nullopt, 2);
  Replica replica(config,
                  {table, *signer, *verifier, builder, validator, vid, now ? &clock : nullptr});
  std::vector<MessagePtr> inbox;
  const auto take = [&](Actions actions) {
    for (auto& action : actions) {
      if (auto* send = std::get_if<SendAction>(&action)) inbox.push_back(send->message);
    }
  };
  take(replica.start(std::nullopt));
  for (std::size_t i = 0; i < inbox.size() && i < 400; ++i) take(replica.on_message(0, *inbox[i]));
  return {replica.decided_version(), replica.metrics().upgrade_votes_sent};
}

TEST(Upgrade, TimeBasedWindowOpenAndClosed) {
  const auto open = solo_upgrade(1500);
  EXPECT_GT(open.second, 0u);
  EXPECT_EQ(open.first, (Version{0, 2}));
  for (const std::optional<std::uint64_t> closed :
       {std::optional<std::uint64_t>(999), std::optional<std::uint64_t>(2000),
        std::optional<std::uint64_t>()}) {
    const auto result = solo_upgrade(closed);
    EXPECT_EQ(result.second, 0u) << closed.value_or(0);
    EXPECT_EQ(result.first, (Version{0, 1}));
  }
}

struct Network {
  FakeKeys keys{3, 10};
  std::unique_ptr<SignatureVerifier> verifier = keys.verifier();
  StakeTable table = *StakeTable::create(std::vector<StakeEntry>(10, {1, true}));
  UpgradeConfig config{{0, 1}, {0, 2}, 1, 10, 3};

  Certificate certificate(std::size_t signers, ViewNumber view, const Commitment& subject,
                          CertificateKind kind = CertificateKind::kUpgrade) const {
    Certificate cert{kind, view, subject, std::vector<bool>(table.size(), false), {}};
    std::vector<Signature> signatures;
    for (std::size_t i = 0; i < signers; ++i) {
      cert.signers[i] = true;
      signatures.push_back(
          keys.signer(static_cast<NodeIndex>(i))->sign(vote_digest(kind, view, subject)));
    }
    cert.aggregate = *verifier->aggregate(signatures);
    return cert;
  }
};

TEST(Upgrade, CheckCertificateAppliesTheUpgradeThreshold) {
  const Network net;
  const Commitment subject = upgrade_subject(proposal_of(net.config));
  EXPECT_FALSE(check_certificate(net.table, *net.verifier, net.certificate(9, 2, subject),
                                 CertificateKind::kUpgrade));
  EXPECT_EQ(check_certificate(net.table, *net.verifier, net.certificate(8, 2, subject),
                              CertificateKind::kUpgrade),
            DropReason::kBadCertificate);
  // Signatures on another digest (here: quorum votes) do not make an upgrade certificate.
  Certificate forged = net.certificate(10, 2, subject, CertificateKind::kQuorum);
  forged.kind = CertificateKind::kUpgrade;
  EXPECT_EQ(check_certificate(net.table, *net.verifier, forged, CertificateKind::kUpgrade),
            DropReason::kBadCertificate);
}

TEST(Upgrade, VersionSwitchesAtTheOffsetAfterTheAnchor) {
  const UpgradeConfig config{{0, 1}, {0, 2}, 1, 10, 3};
  const Version base{0, 1};
  EXPECT_EQ(version_at(config, base, std::nullopt, 100), base);
  EXPECT_EQ(version_at(config, base, 5, 7), base);
  EXPECT_EQ(version_at(config, base, 5, 8), (Version{0, 2}));
  EXPECT_EQ(version_at(std::nullopt, base, 5, 100), base);
  EXPECT_NE(upgrade_subject({{0, 1}, {0, 2}}), upgrade_subject({{0, 1}, {0, 3}}));
}

// A replica drops a proposal whose upgrade certificate is under the threshold, for another
// upgrade, or from outside the window, and accepts a valid one.
TEST(Upgrade, ReplicaRejectsForgedAndUnderThresholdCertificates) {
  const Network net;
  TestBlockBuilder builder;
  TestBlockValidator validator;
  FakeVid vid;
  const Commitment subject = upgrade_subject(proposal_of(net.config));
  const auto run = [&](std::optional<Certificate> cert) {
    const ViewNumber view = 12;  // after the window; the certificate's view must be inside it
    const NodeIndex leader = net.table.leader(view);
    const NodeIndex me = leader == 0 ? 1 : 0;
    auto signer = net.keys.signer(me);
    ReplicaConfig config;
    config.upgrade = net.config;
    Replica replica(config, {net.table, *signer, *net.verifier, builder, validator, vid});
    (void)replica.start(std::nullopt);
    QuorumProposal p;
    const Leaf parent = genesis_leaf();
    p.leaf = Leaf{view, 1, parent.commitment(), vid.commit({}, 10),
                  encode_test_header(parent, view, Version{}, vid.commit({}, 10), 0)};
    p.leaf.upgrade_certificate = std::move(cert);
    p.timeout = net.certificate(10, view - 1, Commitment{}, CertificateKind::kTimeout);
    p.justify = genesis_qc();
    p.da = net.certificate(10, view, p.leaf.payload_commitment, CertificateKind::kDa);
    p.signature = net.keys.signer(leader)->sign(proposal_digest(p));
    (void)replica.on_message(leader, p);
    return replica.metrics().drops;
  };
  const auto bad = static_cast<std::size_t>(DropReason::kBadCertificate);
  const auto accepted = run(net.certificate(9, 2, subject));
  for (std::uint64_t count : accepted) EXPECT_EQ(count, 0u);  // nothing dropped for any reason
  EXPECT_EQ(run(net.certificate(8, 2, subject))[bad], 1u);    // under 9/10
  EXPECT_EQ(run(net.certificate(10, 11, subject))[bad], 1u);  // outside window
  EXPECT_EQ(run(net.certificate(10, 2, Commitment{1, 2}))[bad], 1u);  // other upgrade
  Certificate forged = net.certificate(10, 2, subject);
  forged.aggregate[0] ^= 1;
  EXPECT_EQ(run(forged)[bad], 1u);
}

}  // namespace
}  // namespace espresso::consensus
