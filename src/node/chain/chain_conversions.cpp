#include "node/chain/chain_conversions.hpp"

#include <algorithm>
#include <string>

namespace espresso {

TaggedBase64 header_payload_commitment(const consensus::Commitment& commitment) {
  return TaggedBase64{std::string(kPayloadCommitmentTag), to_bytes(commitment)};
}

Result<consensus::Commitment> consensus_payload_commitment(const TaggedBase64& commitment) {
  if (commitment.tag != kPayloadCommitmentTag) {
    return fail("payload commitment " + commitment.to_string() + ": expected tag \"" +
                std::string(kPayloadCommitmentTag) + "\"");
  }
  consensus::Commitment out{};
  if (commitment.value.size() != out.size()) {
    return fail("payload commitment " + commitment.to_string() + ": expected 32 bytes, got " +
                std::to_string(commitment.value.size()));
  }
  std::copy(commitment.value.begin(), commitment.value.end(), out.begin());
  return out;
}

HeaderVersion header_version(consensus::Version version) {
  return HeaderVersion{version.major, version.minor};
}

consensus::Version consensus_version(HeaderVersion version) {
  return consensus::Version{version.major, version.minor};
}

}  // namespace espresso
