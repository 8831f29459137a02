#pragma once
// Field encoders of Certificate, Leaf and QuorumProposal, without any version byte: the building
// blocks of the wire format (message_codec.hpp), shared with storage so both keep one layout.
// Certificate: kind u8, view u64, subject [32], signer count u64, signer bits packed LSB-first
// (padding bits zero), aggregate signature (u64 length + bytes).
// Leaf: view u64, height u64, parent [32], payload commitment [32], header (u64 length + bytes),
// upgrade certificate (bool + certificate).
// QuorumProposal: leaf, justify, timeout (bool + certificate), da, transaction count u64 + [32]
// each, upgrade proposal (bool + old major/minor u16, new major/minor u16), signature.

#include "common/encoding.hpp"
#include "common/result.hpp"
#include "consensus/messages.hpp"
#include "consensus/wire/wire_limits.hpp"

namespace espresso::consensus::wire {

void write_certificate(Writer& out, const Certificate& qc);
Result<Certificate> read_certificate(Reader& in, const WireLimits& limits);

void write_leaf(Writer& out, const Leaf& leaf);
Result<Leaf> read_leaf(Reader& in, const WireLimits& limits);

void write_quorum_proposal(Writer& out, const QuorumProposal& proposal);
Result<QuorumProposal> read_quorum_proposal(Reader& in, const WireLimits& limits);

}  // namespace espresso::consensus::wire
