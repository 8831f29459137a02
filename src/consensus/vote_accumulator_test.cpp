#include "consensus/vote_accumulator.hpp"

#include <gtest/gtest.h>

#include "consensus/certificates.hpp"
#include "consensus/fake_signatures.hpp"

namespace espresso::consensus {
namespace {

struct Fixture {
  FakeKeys keys{7, 4};
  std::unique_ptr<SignatureVerifier> verifier = keys.verifier();
  StakeTable table = *StakeTable::create({{1, true}, {1, true}, {1, true}, {1, true}});
  Commitment subject{1, 2, 3};

  Vote vote(NodeIndex signer, bool valid = true) {
    Signature sig = keys.signer(signer)->sign(vote_digest(CertificateKind::kQuorum, 9, subject));
    if (!valid) sig[0] ^= 1;
    return Vote{CertificateKind::kQuorum, 9, subject, signer, sig};
  }
};

TEST(VoteAccumulator, FormsAVerifiedCertificateAtTheThreshold) {
  Fixture f;
  VoteAccumulator acc(CertificateKind::kQuorum, 9, f.subject);
  EXPECT_FALSE(acc.add(f.vote(0), f.table, *f.verifier).certificate);
  EXPECT_TRUE(acc.add(f.vote(0), f.table, *f.verifier).duplicate);
  EXPECT_FALSE(acc.add(f.vote(1), f.table, *f.verifier).certificate);
  auto outcome = acc.add(f.vote(2), f.table, *f.verifier);
  ASSERT_TRUE(outcome.certificate);
  EXPECT_FALSE(
      check_certificate(f.table, *f.verifier, *outcome.certificate, CertificateKind::kQuorum));
  EXPECT_TRUE(acc.complete());
}

TEST(VoteAccumulator, IsolatesABadSignatureAndWaitsForMore) {
  Fixture f;
  VoteAccumulator acc(CertificateKind::kQuorum, 9, f.subject);
  acc.add(f.vote(0), f.table, *f.verifier);
  acc.add(f.vote(1, /*valid=*/false), f.table, *f.verifier);
  auto outcome = acc.add(f.vote(2), f.table, *f.verifier);
  EXPECT_FALSE(outcome.certificate);
  EXPECT_EQ(outcome.bad_signatures, 1u);
  EXPECT_TRUE(acc.add(f.vote(1), f.table, *f.verifier).duplicate);  // the cheater stays out
  EXPECT_TRUE(acc.add(f.vote(3), f.table, *f.verifier).certificate);
}

TEST(Certificates, RejectsTamperedCertificates) {
  Fixture f;
  VoteAccumulator acc(CertificateKind::kQuorum, 9, f.subject);
  std::optional<Certificate> cert;
  for (NodeIndex i = 0; i < 3; ++i) cert = acc.add(f.vote(i), f.table, *f.verifier).certificate;
  ASSERT_TRUE(cert);
  Certificate altered = *cert;
  altered.view = 10;
  EXPECT_TRUE(check_certificate(f.table, *f.verifier, altered, CertificateKind::kQuorum));
  altered = *cert;
  altered.signers[3] = true;  // claims a signer who did not sign
  EXPECT_TRUE(check_certificate(f.table, *f.verifier, altered, CertificateKind::kQuorum));
  altered = *cert;
  altered.signers[2] = false;  // too little stake
  EXPECT_TRUE(check_certificate(f.table, *f.verifier, altered, CertificateKind::kQuorum));
  EXPECT_TRUE(check_certificate(f.table, *f.verifier, *cert, CertificateKind::kTimeout));
}

}  // namespace
}  // namespace espresso::consensus
