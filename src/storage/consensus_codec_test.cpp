#include "storage/consensus_codec.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "common/hex.hpp"
#include "storage/consensus_test_records.hpp"

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

TEST(ConsensusCodec, DaProposalsAndVidSharesRoundTrip) {
  const auto da = testing::make_da_proposal(7, 3);
  auto decoded_da = decode_da_proposal(encode_da_proposal(da));
  ASSERT_TRUE(decoded_da) << decoded_da.error().message;
  EXPECT_EQ(decoded_da->view, da.view);
  EXPECT_EQ(decoded_da->payload_commitment, da.payload_commitment);
  EXPECT_EQ(decoded_da->payload, da.payload);
  const auto share = testing::make_vid_share(8, 4);
  auto decoded_share = decode_vid_share(encode_vid_share(share));
  ASSERT_TRUE(decoded_share) << decoded_share.error().message;
  EXPECT_EQ(decoded_share->view, share.view);
  EXPECT_EQ(decoded_share->payload_commitment, share.payload_commitment);
  EXPECT_EQ(decoded_share->share, share.share);
  auto truncated = decode_vid_share(ByteView(encode_vid_share(share)).first(50));
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message.find("stored VID share (50 bytes)"), std::string::npos)
      << truncated.error().message;
}

TEST(ConsensusCodec, PayloadRecordPartsAreTheEncodingWithoutCopyingTheBytes) {
  const auto da = testing::make_da_proposal(7, 3);
  const auto da_parts = encode_da_proposal_parts(da);
  EXPECT_EQ(da_parts.bytes.data(), da.payload.data());  // a view, not a copy
  EXPECT_EQ(da_parts.head.size(), 1u + 8u + 32u + 8u);  // version, view, commitment, length
  EXPECT_EQ(da_parts.joined(), encode_da_proposal(da));
  const auto share = testing::make_vid_share(8, 4);
  const auto share_parts = encode_vid_share_parts(share);
  EXPECT_EQ(share_parts.bytes.data(), share.share.data());
  EXPECT_EQ(share_parts.size(), encode_vid_share(share).size());
  auto decoded = decode_vid_share(share_parts.joined());
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->share, share.share);
}

// Regression vectors of format version 2 (our own format; written by this implementation and
// checked by hand against the layout in consensus_codec.hpp and consensus/wire/proposal_codec.hpp):
// a stored blob must keep decoding after any refactoring.
TEST(ConsensusCodec, Version2Vectors) {
  consensus::Certificate qc;
  qc.kind = CertificateKind::kDa;
  qc.view = 5;
  qc.subject = testing::filled_hash(0);
  qc.signers = {true, false, true};
  qc.aggregate = Bytes{0xaa, 0xbb};
  const std::string qc_hex =
      "02"  // version
      "02"
      "0500000000000000"                                                  // kind, view
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"  // subject
      "0300000000000000"
      "05"  // 3 signers, bits 101
      "0200000000000000"
      "aabb";  // aggregate
  EXPECT_EQ(to_hex(encode_certificate(qc), false), qc_hex);
  auto decoded = decode_certificate(parse_hex(qc_hex).value());
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, qc);

  const consensus::PersistVidShare share{9, testing::filled_hash(1), Bytes{1, 2, 3}};
  const std::string share_hex =
      "02"
      "0900000000000000"
      "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
      "0300000000000000"
      "010203";
  EXPECT_EQ(to_hex(encode_vid_share(share), false), share_hex);
}

TEST(ConsensusCodec, Version1BlobsAreRefusedByName) {
  Bytes blob = encode_certificate(testing::make_qc(CertificateKind::kQuorum, 4));
  blob[0] = 1;
  auto decoded = decode_certificate(blob);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("format version 1, expected 2"), std::string::npos)
      << decoded.error().message;
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
  EXPECT_NE(decoded.error().message.find("kind 7 is not 1..4"), std::string::npos);
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
