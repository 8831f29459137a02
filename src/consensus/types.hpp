#pragma once
// Basic vocabulary of the consensus core.

#include <cstdint>
#include <optional>

#include "common/bytes.hpp"

namespace espresso::consensus {

using ViewNumber = std::uint64_t;
// A node's position in the stake table; it is also its identity on the network.
using NodeIndex = std::uint32_t;
// A 32-byte commitment (leaf, payload, transaction).
using Commitment = Hash32;
// How the mempool names a transaction: a collision-resistant commitment of its bytes, or nullopt
// for bytes that are no transaction at all (refused). A plain function so a config can carry it
// and a consumer can tell which one named what; the block layer gives its own (the node: the
// rollup transaction's "TX" commitment).
using TransactionCommitter = std::optional<Commitment> (*)(ByteView transaction);
// Encoded signature bytes of the injected scheme.
using Signature = Bytes;

}  // namespace espresso::consensus
