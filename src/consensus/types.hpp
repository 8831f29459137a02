#pragma once
// Basic vocabulary of the consensus core.

#include <cstdint>

#include "common/bytes.hpp"

namespace espresso::consensus {

using ViewNumber = std::uint64_t;
// A node's position in the stake table; it is also its identity on the network.
using NodeIndex = std::uint32_t;
// A 32-byte commitment (leaf, payload, transaction).
using Commitment = Hash32;
// Encoded signature bytes of the injected scheme.
using Signature = Bytes;

}  // namespace espresso::consensus
