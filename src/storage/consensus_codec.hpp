#pragma once
// Storage encoding of the consensus persistence records (consensus/persistence.hpp): a one-byte
// format version, then the fields. Certificates, leaves and proposals use the wire layout's field
// encoders (consensus/wire/proposal_codec.hpp), so the node keeps one layout for both; the
// version byte here is storage's own. Decoding checks every bound (no field can be larger than
// the blob holding it) and rejects unknown versions and trailing bytes, so a corrupt or
// truncated blob is an error, not a crash.
//
// Version history: 1 (until the wire codec existed) had its own layout with an upgrade
// certificate slot on the proposal; 2 is the wire layout. Version 1 blobs are refused with an
// error naming both versions.

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "consensus/persistence.hpp"

namespace espresso::storage {

inline constexpr std::uint8_t kConsensusCodecVersion = 2;

Bytes encode_certificate(const consensus::Certificate& qc);
Result<consensus::Certificate> decode_certificate(ByteView blob);

// The decided leaf together with the upgrade anchor that travels with it.
Bytes encode_decided(const consensus::PersistDecided& decided);
Result<consensus::PersistDecided> decode_decided(ByteView blob);

Bytes encode_proposal(const consensus::QuorumProposal& proposal);
Result<consensus::QuorumProposal> decode_proposal(ByteView blob);

// view u64, payload commitment [32], payload (u64 length + bytes).
Bytes encode_da_proposal(const consensus::PersistDaProposal& proposal);
Result<consensus::PersistDaProposal> decode_da_proposal(ByteView blob);

// view u64, payload commitment [32], share (u64 length + bytes).
Bytes encode_vid_share(const consensus::PersistVidShare& share);
Result<consensus::PersistVidShare> decode_vid_share(ByteView blob);

// The two encodings above in two parts, so a multi-megabyte payload is written without being
// copied into an encoding first: `head` (everything up to the payload or share bytes) then
// `bytes`, a view of the record's own. head + bytes is exactly the one-piece encoding.
struct PayloadRecordParts {
  Bytes head;
  ByteView bytes;
  std::size_t size() const { return head.size() + bytes.size(); }
  Bytes joined() const;
};
PayloadRecordParts encode_da_proposal_parts(const consensus::PersistDaProposal& proposal);
PayloadRecordParts encode_vid_share_parts(const consensus::PersistVidShare& share);

}  // namespace espresso::storage
