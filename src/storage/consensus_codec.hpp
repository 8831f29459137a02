#pragma once
// Storage encoding of the consensus persistence records (consensus/persistence.hpp): a one-byte
// format version, then the fields in common/encoding.hpp's little-endian layout. Decoding checks
// every bound and rejects unknown versions, so a corrupt or truncated blob is an error, not a
// crash.

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "consensus/persistence.hpp"

namespace espresso::storage {

inline constexpr std::uint8_t kConsensusCodecVersion = 1;

Bytes encode_certificate(const consensus::Certificate& qc);
Result<consensus::Certificate> decode_certificate(ByteView blob);

// The decided leaf together with the upgrade anchor that travels with it.
Bytes encode_decided(const consensus::PersistDecided& decided);
Result<consensus::PersistDecided> decode_decided(ByteView blob);

Bytes encode_proposal(const consensus::QuorumProposal& proposal);
Result<consensus::QuorumProposal> decode_proposal(ByteView blob);

}  // namespace espresso::storage
