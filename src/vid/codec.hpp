#pragma once
// Binary encoding of the VID values that travel between nodes and to rollups, little-endian, with
// strict bounds-checked decoders (untrusted input: every length is checked against what is left and
// against protocol limits, and trailing bytes are rejected). Layouts are in docs/protocol.md.

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "vid/namespace_proof.hpp"
#include "vid/types.hpp"

namespace espresso::vid {

Bytes encode_common(const Common& common);
Result<Common> decode_common(ByteView bytes);

Bytes encode_share(const Share& share);
Result<Share> decode_share(ByteView bytes);

Bytes encode_namespace_proof(const NamespaceProof& proof);
Result<NamespaceProof> decode_namespace_proof(ByteView bytes);

}  // namespace espresso::vid
