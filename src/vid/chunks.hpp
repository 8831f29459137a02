#pragma once
// Where the commitment cuts shards and the payload into kChunkSize chunks (docs/protocol.md,
// "Commitment"), and the leaf hashes built from those chunks.
//
// Every shard is cut into chunks from its own start; the payload is cut at the same offsets as the
// data shards that hold it (j * shard_len + c * kChunkSize, restarting at every data shard), each
// chunk truncated to the payload's end. So a payload chunk that lies wholly inside the payload is
// byte for byte a data-shard chunk, and dispersal hashes it once for both trees.

#include <cstdint>
#include <span>
#include <vector>

#include "common/bytes.hpp"
#include "vid/merkle_tree.hpp"
#include "vid/types.hpp"

namespace espresso::vid {

// The chunk boundaries of a payload of `payload_len` bytes split into k data shards. All offsets
// are 64-bit: a namespace proof's (untrusted) payload length can be anything.
struct ChunkLayout {
  std::uint64_t payload_len = 0;
  std::uint64_t shard_len = 0;         // ceil(payload_len / k)
  std::uint64_t chunks_per_shard = 0;  // ceil(shard_len / kChunkSize)
  std::uint64_t payload_chunks = 0;    // chunks that start before payload_len

  // k ≥ 1, or payload_len = 0 (no chunks at all).
  static ChunkLayout of(std::uint64_t payload_len, unsigned k);

  // Payload chunk i (< payload_chunks) covers payload bytes [chunk_start(i), chunk_end(i)).
  std::uint64_t chunk_start(std::uint64_t i) const;
  std::uint64_t chunk_end(std::uint64_t i) const;
  // The payload chunk holding payload byte `offset` (< payload_len).
  std::uint64_t chunk_of(std::uint64_t offset) const;
};

// Leaf hashes of `bytes` cut into kChunkSize pieces from its start (the last may be shorter),
// appended to `out`, hashed in place.
void append_chunk_digests(TreeHasher& hasher, ByteView bytes, std::vector<Hash32>& out);

// Share-tree leaf of one shard: SHA-256(0x02 || d_1 || ... || d_m) over its chunks' leaf hashes.
Hash32 shard_leaf(TreeHasher& hasher, ByteView shard, std::vector<Hash32>& scratch);
Hash32 shard_leaf(ByteView shard);

// Leaf hashes of the payload chunks of `payload` dispersed with recovery threshold k, in order.
std::vector<Hash32> payload_chunk_leaves(ByteView payload, unsigned k);
// Leaf hashes of payload chunks [first, end) of `layout`, from `bytes`: the payload bytes those
// chunks cover, starting at chunk_start(first) (a namespace proof's rebuilt chunks).
std::vector<Hash32> payload_chunk_leaves(const ChunkLayout& layout, ByteView bytes,
                                         std::uint64_t first, std::uint64_t end);

}  // namespace espresso::vid
