#pragma once
// Network encoding of consensus messages: one format-version byte, one message-kind byte, then the
// message's fields in common/encoding.hpp's little-endian layout. Decoding rejects unknown versions
// and kinds, checks every length and count against WireLimits before allocating, and rejects
// trailing bytes, so any decoded message re-encodes to exactly the bytes it came from.
//
// Bodies (u64 = 8 bytes LE, [32] = a commitment, bytes = u64 length + bytes, see proposal_codec.hpp
// for certificate, leaf and quorum proposal):
//   1 DaProposal         view u64, payload commitment [32], payload bytes, signature bytes
//   2 VidDisperse        view u64, payload commitment [32], recipient u32, share bytes
//   3 QuorumProposal     quorum proposal
//   4 Vote               kind u8 (1..4), view u64, subject [32], signer u32, signature bytes
//   5 TimeoutVote        vote (as 4), high qc certificate, last tc (bool + certificate)
//   6 ProposalRequest    leaf commitment [32]
//   7 ProposalResponse   quorum proposal
//   8 TransactionMessage transaction bytes
//   9 QuorumCertificateMessage  certificate

#include <cstdint>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "consensus/messages.hpp"
#include "consensus/wire/wire_limits.hpp"

namespace espresso::consensus::wire {

inline constexpr std::uint8_t kWireFormatVersion = 1;

// Kind byte on the wire; explicit so reordering the Message variant never changes the format.
enum class MessageKind : std::uint8_t {
  kDaProposal = 1,
  kVidDisperse = 2,
  kQuorumProposal = 3,
  kVote = 4,
  kTimeoutVote = 5,
  kProposalRequest = 6,
  kProposalResponse = 7,
  kTransaction = 8,
  kQuorumCertificate = 9,
};

Bytes encode_message(const Message& message);
Result<Message> decode_message(ByteView bytes, const WireLimits& limits);

}  // namespace espresso::consensus::wire
