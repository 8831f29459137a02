#include "consensus/bls_signatures.hpp"

#include <gtest/gtest.h>

#include "consensus/certificates.hpp"
#include "consensus/vote_accumulator.hpp"

namespace espresso::consensus {
namespace {

TEST(BlsSignatures, QuorumCertificateThroughTheAccumulator) {
  const KeySeed seed{9};
  std::vector<BlsSecretKey> secrets;
  std::vector<StakeTableEntry> entries;
  for (std::uint64_t i = 0; i < 4; ++i) {
    secrets.push_back(BlsSecretKey::from_seed(seed, i));
    entries.push_back({secrets.back().public_key(), 1, secrets.back().prove_possession()});
  }
  auto keys = StakeTableKeys::create(entries);
  ASSERT_TRUE(keys);
  auto verifier = make_bls_verifier(*keys);
  auto table = *StakeTable::create({{1, true}, {1, true}, {1, true}, {1, true}});
  const Commitment subject{4, 2};
  const Hash32 digest = vote_digest(CertificateKind::kQuorum, 3, subject);

  VoteAccumulator acc(CertificateKind::kQuorum, 3, subject);
  Signature forged = make_bls_signer(0, secrets[0])->sign(digest);  // node 0's key, claimed by 1
  acc.add({CertificateKind::kQuorum, 3, subject, 0, make_bls_signer(0, secrets[0])->sign(digest)},
          table, *verifier);
  acc.add({CertificateKind::kQuorum, 3, subject, 1, forged}, table, *verifier);
  auto outcome = acc.add(
      {CertificateKind::kQuorum, 3, subject, 2, make_bls_signer(2, secrets[2])->sign(digest)},
      table, *verifier);
  EXPECT_FALSE(outcome.certificate);
  EXPECT_EQ(outcome.bad_signatures, 1u);
  outcome = acc.add(
      {CertificateKind::kQuorum, 3, subject, 3, make_bls_signer(3, secrets[3])->sign(digest)},
      table, *verifier);
  ASSERT_TRUE(outcome.certificate);
  EXPECT_FALSE(check_certificate(table, *verifier, *outcome.certificate, CertificateKind::kQuorum));
  Certificate altered = *outcome.certificate;
  altered.subject[0] ^= 1;
  EXPECT_TRUE(check_certificate(table, *verifier, altered, CertificateKind::kQuorum));
}

}  // namespace
}  // namespace espresso::consensus
