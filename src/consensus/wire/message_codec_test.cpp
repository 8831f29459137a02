#include "consensus/wire/message_codec.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "consensus/wire/message_generators.hpp"
#include "consensus/wire/proposal_codec.hpp"

namespace espresso::consensus::wire {
namespace {

const WireLimits kLimits = wire_limits();

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Certificate make_qc(std::size_t signers) {
  Certificate qc;
  qc.kind = CertificateKind::kQuorum;
  qc.view = 7;
  qc.subject.fill(0xab);
  qc.signers.assign(signers, true);
  qc.aggregate = Bytes(96, 0x11);
  return qc;
}

QuorumProposal make_proposal() {
  QuorumProposal proposal;
  proposal.leaf.view = 8;
  proposal.leaf.height = 3;
  proposal.leaf.header = Bytes(40, 0x22);
  proposal.leaf.upgrade_certificate = make_qc(4);
  proposal.justify = make_qc(4);
  proposal.timeout = make_qc(3);
  proposal.da = make_qc(2);
  proposal.transactions.assign(5, Commitment{});
  proposal.upgrade_proposal = UpgradeProposal{{0, 1}, {0, 2}};
  proposal.signature = Bytes(96, 0x33);
  return proposal;
}

// Every message kind once, with every optional field present.
std::vector<Message> one_of_each() {
  const QuorumProposal proposal = make_proposal();
  Vote vote{CertificateKind::kTimeout, 9, Commitment{}, 2, Bytes(96, 0x44)};
  return {DaProposal{5, Commitment{}, Bytes(100, 1), Bytes(96, 2)},
          VidDisperse{5, Commitment{}, 3, Bytes(64, 4)},
          proposal,
          vote,
          TimeoutVote{vote, make_qc(4), make_qc(4)},
          ProposalRequest{Commitment{}},
          ProposalResponse{proposal},
          TransactionMessage{Bytes(30, 5)}};
}

RC_GTEST_PROP(WireCodec, EveryMessageRoundTrips, ()) {
  const Message message = *testing::message();
  const Bytes bytes = encode_message(message);
  auto decoded = decode_message(bytes, kLimits);
  RC_ASSERT(decoded.has_value());
  RC_ASSERT(decoded->index() == message.index());
  RC_ASSERT(encode_message(*decoded) == bytes);
}

RC_GTEST_PROP(WireCodec, ProposalFieldsSurvive, ()) {
  const QuorumProposal proposal = *testing::quorum_proposal();
  auto decoded = decode_message(encode_message(proposal), kLimits);
  RC_ASSERT(decoded.has_value());
  const auto& got = std::get<QuorumProposal>(*decoded);
  RC_ASSERT(got.leaf == proposal.leaf);
  RC_ASSERT(got.justify == proposal.justify);
  RC_ASSERT(got.timeout == proposal.timeout);
  RC_ASSERT(got.da == proposal.da);
  RC_ASSERT(got.transactions == proposal.transactions);
  RC_ASSERT(got.upgrade_proposal == proposal.upgrade_proposal);
  RC_ASSERT(got.signature == proposal.signature);
}

TEST(WireCodec, EveryTruncationFailsCleanly) {
  for (const Message& message : one_of_each()) {
    const Bytes bytes = encode_message(message);
    for (std::size_t size = 0; size < bytes.size(); ++size) {
      auto decoded = decode_message(ByteView(bytes).first(size), kLimits);
      ASSERT_FALSE(decoded) << message_name(message) << " prefix of " << size << " bytes";
      EXPECT_TRUE(contains(decoded.error().message, "message of " + std::to_string(size)))
          << decoded.error().message;
    }
  }
}

TEST(WireCodec, TrailingBytesAreRejected) {
  for (const Message& message : one_of_each()) {
    Bytes bytes = encode_message(message);
    bytes.push_back(0);
    auto decoded = decode_message(bytes, kLimits);
    ASSERT_FALSE(decoded) << message_name(message);
    EXPECT_TRUE(contains(decoded.error().message, message_name(message)))
        << decoded.error().message;
  }
}

TEST(WireCodec, UnknownVersionAndKindAreNamed) {
  Bytes bytes = encode_message(TransactionMessage{Bytes(3, 1)});
  Bytes future = bytes;
  future[0] = 2;
  auto decoded = decode_message(future, kLimits);
  ASSERT_FALSE(decoded);
  EXPECT_TRUE(contains(decoded.error().message, "unknown format version 2"))
      << decoded.error().message;

  bytes[1] = 42;
  decoded = decode_message(bytes, kLimits);
  ASSERT_FALSE(decoded);
  EXPECT_TRUE(contains(decoded.error().message, "message kind 42")) << decoded.error().message;
}

// Writes a proposal whose justify certificate claims `signers` signers without the bitmap bytes.
Bytes proposal_with_signer_count(std::uint64_t signers) {
  Writer out;
  out.u8(kWireFormatVersion).u8(static_cast<std::uint8_t>(MessageKind::kQuorumProposal));
  write_leaf(out, make_proposal().leaf);
  out.u8(1).u64(7).fixed(Commitment{}).u64(signers);
  return std::move(out).take();
}

TEST(WireCodec, OversizedCountsNameTheField) {
  auto decoded = decode_message(proposal_with_signer_count(70000), kLimits);
  ASSERT_FALSE(decoded);
  EXPECT_TRUE(contains(decoded.error().message,
                       "quorum proposal: justify certificate: signers: signer bitmap length "
                       "70000 > limit 65536"))
      << decoded.error().message;

  // A count within the limit whose bytes are missing is a truncation, not an allocation.
  decoded = decode_message(proposal_with_signer_count(60000), kLimits);
  ASSERT_FALSE(decoded);

  QuorumProposal proposal = make_proposal();
  WireLimits tight = kLimits;
  tight.max_block_transactions = 4;
  decoded = decode_message(encode_message(proposal), tight);
  ASSERT_FALSE(decoded);
  EXPECT_TRUE(contains(decoded.error().message, "transaction count 5 > limit 4"))
      << decoded.error().message;

  tight = kLimits;
  tight.max_payload_bytes = 10;
  decoded = decode_message(encode_message(DaProposal{1, {}, Bytes(11, 0), {}}), tight);
  ASSERT_FALSE(decoded);
  EXPECT_TRUE(contains(decoded.error().message, "da proposal: payload")) << decoded.error().message;

  tight = kLimits;
  tight.max_header_bytes = 39;
  decoded = decode_message(encode_message(proposal), tight);
  ASSERT_FALSE(decoded);
  EXPECT_TRUE(contains(decoded.error().message, "leaf: header")) << decoded.error().message;
}

TEST(WireCodec, HugeTransactionCountFailsBeforeAllocating) {
  Writer out;
  out.u8(kWireFormatVersion).u8(static_cast<std::uint8_t>(MessageKind::kQuorumProposal));
  const QuorumProposal proposal = make_proposal();
  write_leaf(out, proposal.leaf);
  write_certificate(out, proposal.justify);
  out.boolean(false);
  write_certificate(out, proposal.da);
  out.u64(4000);  // under the count limit, but the bytes are not there
  auto decoded = decode_message(out.bytes(), kLimits);
  ASSERT_FALSE(decoded);
  EXPECT_TRUE(contains(decoded.error().message, "transaction count 4000 needs"))
      << decoded.error().message;
}

TEST(WireCodec, MessageLargerThanTheLimitIsRejectedFirst) {
  WireLimits tight = kLimits;
  tight.max_message_bytes = 20;
  auto decoded = decode_message(encode_message(TransactionMessage{Bytes(30, 1)}), tight);
  ASSERT_FALSE(decoded);
  EXPECT_TRUE(contains(decoded.error().message, "larger than the limit of 20 bytes"))
      << decoded.error().message;
}

TEST(WireCodec, NonZeroBitmapPaddingIsNotCanonical) {
  Bytes bytes = encode_message(TimeoutVote{Vote{}, make_qc(3), std::nullopt});
  // version, kind, vote (1 + 8 + 32 + 4 + 8 + 0), then the certificate: kind, view, subject,
  // count, and its single bitmap byte.
  const std::size_t bitmap_at = 2 + 53 + 1 + 8 + 32 + 8;
  ASSERT_EQ(bytes[bitmap_at], 0x07);
  bytes[bitmap_at] = 0x0f;
  auto decoded = decode_message(bytes, kLimits);
  ASSERT_FALSE(decoded);
  EXPECT_TRUE(contains(decoded.error().message, "padding bits")) << decoded.error().message;
}

TEST(WireCodec, DefaultLimitsAcceptTheLargestReplicaMessages) {
  const MessageLimits replica;
  EXPECT_EQ(kLimits.max_payload_bytes, replica.max_payload_bytes);
  EXPECT_EQ(kLimits.max_share_bytes, replica.max_share_bytes);
  EXPECT_TRUE(decode_message(
      encode_message(DaProposal{1, {}, Bytes(replica.max_payload_bytes, 7), Bytes(96, 1)}),
      kLimits));
  EXPECT_TRUE(decode_message(
      encode_message(VidDisperse{1, {}, 0, Bytes(replica.max_share_bytes, 7)}), kLimits));
  QuorumProposal proposal = make_proposal();
  proposal.leaf.header = Bytes(replica.max_header_bytes, 1);
  proposal.transactions.assign(replica.max_block_transactions, Commitment{});
  EXPECT_TRUE(decode_message(encode_message(proposal), kLimits));
}

}  // namespace
}  // namespace espresso::consensus::wire
