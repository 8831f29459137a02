#include "vid/chunks.hpp"

#include <algorithm>

#include "common/check.hpp"

namespace espresso::vid {
namespace {

// ceil(a / b) without the overflow of (a + b - 1) / b near 2^64.
std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) {
  return a / b + (a % b != 0 ? 1 : 0);
}

}  // namespace

ChunkLayout ChunkLayout::of(std::uint64_t payload_len, unsigned k) {
  ChunkLayout layout;
  layout.payload_len = payload_len;
  if (payload_len == 0) return layout;
  ESEQ_CHECK(k >= 1, "chunk layout of a nonempty payload with k = 0");
  layout.shard_len = ceil_div(payload_len, k);
  layout.chunks_per_shard = ceil_div(layout.shard_len, kChunkSize);
  // Data shards wholly inside the payload contribute all their chunks; the one holding the
  // payload's end (if it does not end on a shard boundary) those that start before the end.
  const std::uint64_t whole = payload_len / layout.shard_len;
  const std::uint64_t rest = payload_len % layout.shard_len;
  layout.payload_chunks = whole * layout.chunks_per_shard + ceil_div(rest, kChunkSize);
  return layout;
}

std::uint64_t ChunkLayout::chunk_start(std::uint64_t i) const {
  return i / chunks_per_shard * shard_len + i % chunks_per_shard * kChunkSize;
}

std::uint64_t ChunkLayout::chunk_end(std::uint64_t i) const {
  const std::uint64_t shard_start = i / chunks_per_shard * shard_len;
  const std::uint64_t in_shard = std::min(shard_len, (i % chunks_per_shard + 1) * kChunkSize);
  // shard_start < payload_len for a payload chunk; adding in_shard first could pass 2^64.
  return shard_start + std::min(in_shard, payload_len - shard_start);
}

std::uint64_t ChunkLayout::chunk_of(std::uint64_t offset) const {
  return offset / shard_len * chunks_per_shard + offset % shard_len / kChunkSize;
}

void append_chunk_digests(TreeHasher& hasher, ByteView bytes, std::vector<Hash32>& out) {
  for (std::size_t offset = 0; offset < bytes.size(); offset += kChunkSize) {
    out.push_back(hasher.leaf(bytes.subspan(offset, std::min(kChunkSize, bytes.size() - offset))));
  }
}

Hash32 shard_leaf(TreeHasher& hasher, ByteView shard, std::vector<Hash32>& scratch) {
  scratch.clear();
  append_chunk_digests(hasher, shard, scratch);
  return hasher.shard_leaf(scratch);
}

Hash32 shard_leaf(ByteView shard) {
  TreeHasher hasher;
  std::vector<Hash32> scratch;
  return shard_leaf(hasher, shard, scratch);
}

std::vector<Hash32> payload_chunk_leaves(ByteView payload, unsigned k) {
  const auto layout = ChunkLayout::of(payload.size(), k);
  return payload_chunk_leaves(layout, payload, 0, layout.payload_chunks);
}

std::vector<Hash32> payload_chunk_leaves(const ChunkLayout& layout, ByteView bytes,
                                         std::uint64_t first, std::uint64_t end) {
  TreeHasher hasher;
  std::vector<Hash32> leaves;
  leaves.reserve(end - first);
  const std::uint64_t base = first < end ? layout.chunk_start(first) : 0;
  for (std::uint64_t i = first; i < end; ++i) {
    const std::uint64_t start = layout.chunk_start(i);
    leaves.push_back(hasher.leaf(bytes.subspan(start - base, layout.chunk_end(i) - start)));
  }
  return leaves;
}

}  // namespace espresso::vid
