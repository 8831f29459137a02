#pragma once
// Proof that bytes [start, end) of a payload (one namespace, located through the header's NsTable)
// are what the payload commitment committed to. Its size depends on the namespace, not the payload:
// the payload chunks covering the range (cut at the data shards' chunk boundaries, which the
// payload length and k place: vid/chunks.hpp) are rebuilt from the namespace's bytes plus the two
// partial edge chunks' outside bytes (each ≤ kChunkSize), then a Merkle range proof (≤ 2 hashes per
// tree level) leads to the payload chunk root, and the params digest (32 bytes) completes the
// commitment.

#include <cstdint>
#include <span>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "vid/types.hpp"

namespace espresso::vid {

struct NamespaceProof {
  std::uint64_t payload_len = 0;
  std::uint16_t recovery = 0;  // k of the dispersal: places the chunk boundaries
  Hash32 params{};             // params_digest of the dispersal
  Bytes left_edge;             // payload bytes from the first proven chunk's start up to `start`
  Bytes right_edge;            // payload bytes from `end` to the last proven chunk's end
  std::vector<Hash32> path;
  friend bool operator==(const NamespaceProof&, const NamespaceProof&) = default;
};

// A namespace's bytes [start, end) within the payload (from the NsTable).
struct ByteRange {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
};

// `payload` is the whole payload `common` was dispersed from.
Result<NamespaceProof> prove_namespace(ByteView payload, const Common& common, std::uint64_t start,
                                       std::uint64_t end);

// Proofs for many namespaces of one payload, hashing the payload once (a query service proving
// every namespace of a block).
Result<std::vector<NamespaceProof>> prove_namespaces(ByteView payload, const Common& common,
                                                     std::span<const ByteRange> ranges);

// For rollups and light clients: checks that `ns_bytes` are the payload's bytes [start, end).
Status verify_namespace(const Hash32& commitment, std::uint64_t start, std::uint64_t end,
                        ByteView ns_bytes, const NamespaceProof& proof);

}  // namespace espresso::vid
