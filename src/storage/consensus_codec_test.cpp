#include "storage/consensus_codec.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "storage/consensus_test_records.hpp"
#include "storage/upgrade_certificate_slot.hpp"

namespace espresso::storage {
namespace {

using consensus::CertificateKind;

void expect_same(const consensus::QuorumProposal& a, const consensus::QuorumProposal& b) {
  EXPECT_EQ(a.leaf, b.leaf);
  EXPECT_EQ(a.justify, b.justify);
  EXPECT_EQ(a.timeout, b.timeout);
  EXPECT_EQ(a.da, b.da);
  EXPECT_EQ(a.transactions, b.transactions);
  EXPECT_EQ(a.upgrade_proposal, b.upgrade_proposal);
  EXPECT_EQ(upgrade_certificate_of(a), upgrade_certificate_of(b));
  EXPECT_EQ(a.signature, b.signature);
}

TEST(ConsensusCodec, ProposalsRoundTripWithEveryOptionalField) {
  for (consensus::ViewNumber view : {1, 2, 3, 6}) {
    const auto proposal = testing::make_proposal(view, view + 10);
    auto decoded = decode_proposal(encode_proposal(proposal));
    ASSERT_TRUE(decoded) << decoded.error().message;
    expect_same(*decoded, proposal);
  }
}

RC_GTEST_PROP(ConsensusCodec, CertificatesRoundTrip, (const consensus::Certificate& qc)) {
  auto decoded = decode_certificate(encode_certificate(qc));
  RC_ASSERT(decoded.has_value());
  RC_ASSERT(*decoded == qc);
}

RC_GTEST_PROP(ConsensusCodec, DecidedRoundTrips,
              (const consensus::Leaf& leaf, bool has_anchor, std::uint64_t anchor_view)) {
  const auto anchor = has_anchor ? std::optional(anchor_view) : std::nullopt;
  const consensus::PersistDecided decided{leaf, anchor};
  auto decoded = decode_decided(encode_decided(decided));
  RC_ASSERT(decoded.has_value());
  RC_ASSERT(decoded->leaf == leaf);
  RC_ASSERT(decoded->upgrade_anchor == anchor);
}

TEST(ConsensusCodec, EveryTruncationIsAnError) {
  const Bytes blob = encode_proposal(testing::make_proposal(6, 9));
  for (std::size_t size = 0; size < blob.size(); ++size) {
    auto decoded = decode_proposal(ByteView(blob).first(size));
    ASSERT_FALSE(decoded) << "prefix of " << size << " bytes decoded";
    EXPECT_NE(decoded.error().message.find("stored proposal"), std::string::npos);
  }
}

TEST(ConsensusCodec, TrailingBytesAndUnknownVersionAreErrors) {
  Bytes blob = encode_certificate(testing::make_qc(CertificateKind::kQuorum, 4));
  Bytes longer = blob;
  longer.push_back(0);
  EXPECT_FALSE(decode_certificate(longer));
  blob[0] = 9;
  auto decoded = decode_certificate(blob);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("format version 9"), std::string::npos)
      << decoded.error().message;
}

TEST(ConsensusCodec, BadCertificateKindIsAnError) {
  Bytes blob = encode_certificate(testing::make_qc(CertificateKind::kQuorum, 4));
  blob[1] = 7;
  auto decoded = decode_certificate(blob);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("certificate kind 7"), std::string::npos);
}

RC_GTEST_PROP(ConsensusCodec, ArbitraryBytesNeverCrash, (const Bytes& blob)) {
  // Only that decoding returns (a value or an error); most inputs are errors.
  auto proposal = decode_proposal(blob);
  auto qc = decode_certificate(blob);
  auto decided = decode_decided(blob);
  RC_ASSERT(blob.size() >= 2 || (!proposal && !qc && !decided));
}

}  // namespace
}  // namespace espresso::storage
