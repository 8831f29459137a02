#pragma once
// The few values that consensus and the block layer spell differently: consensus's 32-byte payload
// commitment vs the header's TaggedBase64 (tag "HASH", as upstream header JSON writes VID
// commitments; vid/commitment.hpp), and consensus's Version vs the header's format version.

#include "common/result.hpp"
#include "common/tagged_base64.hpp"
#include "consensus/types.hpp"
#include "consensus/upgrade.hpp"
#include "types/header.hpp"

namespace espresso {

inline constexpr std::string_view kPayloadCommitmentTag = "HASH";

TaggedBase64 header_payload_commitment(const consensus::Commitment& commitment);
// Fails unless the value has the "HASH" tag and 32 bytes.
Result<consensus::Commitment> consensus_payload_commitment(const TaggedBase64& commitment);

HeaderVersion header_version(consensus::Version version);
consensus::Version consensus_version(HeaderVersion version);

}  // namespace espresso
