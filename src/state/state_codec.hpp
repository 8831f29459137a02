#pragma once
// Storage form of a ValidatedState, so a restarted node resumes from the state of its last decided
// block instead of replaying the chain. Our own format (common/encoding.hpp):
//   u8 format version (1) ‖ prefixed(block frontier bytes) ‖ prefixed(chain config, bincode)
//   ‖ u64 account count ‖ per account in tree order: address (20 bytes) ‖ balance (U256 LE)
// Decoding checks every bound and re-derives the fee tree, so corrupted bytes yield an error.

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "state/validated_state.hpp"

namespace espresso {

Bytes encode_state(const ValidatedState& state);
Result<ValidatedState> decode_state(ByteView bytes);

}  // namespace espresso
