#include "consensus/wire/message_codec.hpp"

#include <string>
#include <type_traits>

#include "consensus/wire/proposal_codec.hpp"
#include "consensus/wire/read_field.hpp"

namespace espresso::consensus::wire {
namespace {

void write_vote(Writer& out, const Vote& vote) {
  out.u8(static_cast<std::uint8_t>(vote.kind)).u64(vote.view).fixed(vote.subject);
  out.u32(vote.signer).prefixed(vote.signature);
}

Result<Vote> read_vote(Reader& in, const WireLimits& limits) {
  Vote vote;
  std::uint8_t kind = 0;
  ESEQ_WIRE_READ(kind, in.u8(), "kind");
  if (kind < static_cast<std::uint8_t>(CertificateKind::kQuorum) ||
      kind > static_cast<std::uint8_t>(CertificateKind::kUpgrade)) {
    return fail("kind " + std::to_string(kind) + " is not 1..4 (quorum, da, timeout, upgrade)");
  }
  vote.kind = static_cast<CertificateKind>(kind);
  ESEQ_WIRE_READ(vote.view, in.u64(), "view");
  ESEQ_WIRE_READ(vote.subject, in.array<32>(), "subject");
  ESEQ_WIRE_READ(vote.signer, in.u32(), "signer");
  ESEQ_WIRE_READ(vote.signature, in.prefixed(limits.max_signature_bytes), "signature");
  return vote;
}

MessageKind kind_of(const Message& message) {
  return std::visit(
      [](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, DaProposal>) return MessageKind::kDaProposal;
        if constexpr (std::is_same_v<T, VidDisperse>) return MessageKind::kVidDisperse;
        if constexpr (std::is_same_v<T, QuorumProposal>) return MessageKind::kQuorumProposal;
        if constexpr (std::is_same_v<T, Vote>) return MessageKind::kVote;
        if constexpr (std::is_same_v<T, TimeoutVote>) return MessageKind::kTimeoutVote;
        if constexpr (std::is_same_v<T, ProposalRequest>) return MessageKind::kProposalRequest;
        if constexpr (std::is_same_v<T, ProposalResponse>) return MessageKind::kProposalResponse;
        if constexpr (std::is_same_v<T, TransactionMessage>) return MessageKind::kTransaction;
        if constexpr (std::is_same_v<T, QuorumCertificateMessage>) {
          return MessageKind::kQuorumCertificate;
        }
      },
      message);
}

void write_body(Writer& out, const DaProposal& m) {
  out.u64(m.view).fixed(m.payload_commitment).prefixed(m.payload).prefixed(m.signature);
}
void write_body(Writer& out, const VidDisperse& m) {
  out.u64(m.view).fixed(m.payload_commitment).u32(m.recipient).prefixed(m.share);
}
void write_body(Writer& out, const QuorumProposal& m) {
  write_quorum_proposal(out, m);
}
void write_body(Writer& out, const Vote& m) {
  write_vote(out, m);
}
void write_body(Writer& out, const TimeoutVote& m) {
  write_vote(out, m.vote);
  write_certificate(out, m.high_qc);
  write_optional(out, m.last_tc, write_certificate);
}
void write_body(Writer& out, const ProposalRequest& m) {
  out.fixed(m.leaf);
}
void write_body(Writer& out, const ProposalResponse& m) {
  write_quorum_proposal(out, m.proposal);
}
void write_body(Writer& out, const TransactionMessage& m) {
  out.prefixed(m.transaction);
}
void write_body(Writer& out, const QuorumCertificateMessage& m) {
  write_certificate(out, m.qc);
}

Result<DaProposal> read_da_proposal(Reader& in, const WireLimits& limits) {
  DaProposal m;
  ESEQ_WIRE_READ(m.view, in.u64(), "view");
  ESEQ_WIRE_READ(m.payload_commitment, in.array<32>(), "payload commitment");
  ESEQ_WIRE_READ(m.payload, in.prefixed(limits.max_payload_bytes), "payload");
  ESEQ_WIRE_READ(m.signature, in.prefixed(limits.max_signature_bytes), "signature");
  return m;
}

Result<VidDisperse> read_vid_disperse(Reader& in, const WireLimits& limits) {
  VidDisperse m;
  ESEQ_WIRE_READ(m.view, in.u64(), "view");
  ESEQ_WIRE_READ(m.payload_commitment, in.array<32>(), "payload commitment");
  ESEQ_WIRE_READ(m.recipient, in.u32(), "recipient");
  ESEQ_WIRE_READ(m.share, in.prefixed(limits.max_share_bytes), "share");
  return m;
}

Result<TimeoutVote> read_timeout_vote(Reader& in, const WireLimits& limits) {
  const auto certificate = [&](Reader& r) { return read_certificate(r, limits); };
  TimeoutVote m;
  ESEQ_WIRE_READ(m.vote, read_vote(in, limits), "vote");
  ESEQ_WIRE_READ(m.high_qc, certificate(in), "high qc");
  ESEQ_WIRE_READ(m.last_tc, read_optional<Certificate>(in, certificate), "last tc");
  return m;
}

// The named body of a message of `kind`, as the Message variant.
Result<Message> read_body(Reader& in, std::uint8_t kind, const WireLimits& limits) {
  const auto as_message = [](auto&& value, const char* name) -> Result<Message> {
    if (!value) return fail(std::move(value).error().context(name));
    return Message(std::move(*value));
  };
  switch (static_cast<MessageKind>(kind)) {
    case MessageKind::kDaProposal:
      return as_message(read_da_proposal(in, limits), "da proposal");
    case MessageKind::kVidDisperse:
      return as_message(read_vid_disperse(in, limits), "vid disperse");
    case MessageKind::kQuorumProposal:
      return as_message(read_quorum_proposal(in, limits), "quorum proposal");
    case MessageKind::kVote:
      return as_message(read_vote(in, limits), "vote");
    case MessageKind::kTimeoutVote:
      return as_message(read_timeout_vote(in, limits), "timeout vote");
    case MessageKind::kProposalRequest: {
      auto leaf = in.array<32>();
      if (!leaf) return fail(std::move(leaf).error().context("proposal request: leaf"));
      return Message(ProposalRequest{*leaf});
    }
    case MessageKind::kProposalResponse: {
      auto proposal = read_quorum_proposal(in, limits);
      if (!proposal) return fail(std::move(proposal).error().context("proposal response"));
      return Message(ProposalResponse{std::move(*proposal)});
    }
    case MessageKind::kTransaction: {
      auto tx = in.prefixed(limits.max_transaction_bytes);
      if (!tx) return fail(std::move(tx).error().context("transaction message: transaction"));
      return Message(TransactionMessage{std::move(*tx)});
    }
    case MessageKind::kQuorumCertificate: {
      auto qc = read_certificate(in, limits);
      if (!qc) return fail(std::move(qc).error().context("quorum certificate"));
      return Message(QuorumCertificateMessage{std::move(*qc)});
    }
  }
  return fail("message kind " + std::to_string(kind) + " is not one of 1..9");
}

}  // namespace

Bytes encode_message(const Message& message) {
  Writer out;
  out.u8(kWireFormatVersion).u8(static_cast<std::uint8_t>(kind_of(message)));
  std::visit([&](const auto& m) { write_body(out, m); }, message);
  return std::move(out).take();
}

Result<Message> decode_message(ByteView bytes, const WireLimits& limits) {
  const auto where = [&] { return "message of " + std::to_string(bytes.size()) + " bytes"; };
  if (bytes.size() > limits.max_message_bytes) {
    return fail(where() + ": larger than the limit of " + std::to_string(limits.max_message_bytes) +
                " bytes");
  }
  Reader in(bytes);
  auto version = in.u8();
  if (!version) return fail(std::move(version).error().context(where() + ": format version"));
  if (*version != kWireFormatVersion) {
    return fail(where() + ": unknown format version " + std::to_string(*version) +
                " (this node speaks version " + std::to_string(kWireFormatVersion) + ")");
  }
  auto kind = in.u8();
  if (!kind) return fail(std::move(kind).error().context(where() + ": message kind"));
  auto message = read_body(in, *kind, limits);
  if (!message) return fail(std::move(message).error().context(where()));
  if (auto end = in.expect_end(); !end) {
    return fail(std::move(end).error().context(where() + ": " + message_name(*message)));
  }
  return message;
}

}  // namespace espresso::consensus::wire
