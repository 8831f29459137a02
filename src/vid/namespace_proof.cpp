#include "vid/namespace_proof.hpp"

#include <algorithm>
#include <string>

#include "vid/chunks.hpp"
#include "vid/commitment.hpp"
#include "vid/merkle_tree.hpp"
#include "vid/share_assignment.hpp"

namespace espresso::vid {
namespace {

struct ChunkRange {
  std::uint64_t first = 0;  // payload chunk index
  std::uint64_t end = 0;    // one past the last chunk index
};

// The chunks proven for [start, end): those overlapping it, or the chunk holding `start` (the last
// chunk when start == payload_len) for an empty range, so an empty namespace is still bound.
ChunkRange chunks_for(const ChunkLayout& layout, std::uint64_t start, std::uint64_t end) {
  const std::uint64_t len = layout.payload_len;
  if (len == 0) return {};
  const std::uint64_t first = layout.chunk_of(std::min(start, len - 1));
  const std::uint64_t last = end > start ? layout.chunk_of(end - 1) + 1 : first + 1;
  return {first, last};
}

std::string range_text(std::uint64_t start, std::uint64_t end) {
  return "[" + std::to_string(start) + ", " + std::to_string(end) + ")";
}

}  // namespace

Result<std::vector<NamespaceProof>> prove_namespaces(ByteView payload, const Common& common,
                                                     std::span<const ByteRange> ranges) {
  if (payload.size() != common.payload_len) {
    return fail("namespace proof: payload has " + std::to_string(payload.size()) +
                " bytes, the dispersal " + std::to_string(common.payload_len));
  }
  if (common.recovery == 0 && !payload.empty()) {
    return fail("namespace proof: the dispersal has recovery threshold k = 0");
  }
  for (const auto& range : ranges) {
    if (range.start > range.end || range.end > payload.size()) {
      return fail("namespace proof: range " + range_text(range.start, range.end) +
                  " outside a payload of " + std::to_string(payload.size()) + " bytes");
    }
  }
  const Hash32 params = params_digest(common);
  const auto layout = ChunkLayout::of(payload.size(), common.recovery);
  const MerkleTree tree(payload_chunk_leaves(payload, common.recovery));
  std::vector<NamespaceProof> proofs;
  proofs.reserve(ranges.size());
  for (const auto& [start, end] : ranges) {
    NamespaceProof& proof = proofs.emplace_back();
    proof.payload_len = payload.size();
    proof.recovery = common.recovery;
    proof.params = params;
    const auto chunks = chunks_for(layout, start, end);
    if (chunks.first == chunks.end) continue;
    const std::uint64_t from = layout.chunk_start(chunks.first);
    const std::uint64_t to = layout.chunk_end(chunks.end - 1);
    proof.left_edge.assign(payload.begin() + from, payload.begin() + start);
    proof.right_edge.assign(payload.begin() + end, payload.begin() + to);
    proof.path = tree.range_proof(chunks.first, chunks.end);
  }
  return proofs;
}

Result<NamespaceProof> prove_namespace(ByteView payload, const Common& common, std::uint64_t start,
                                       std::uint64_t end) {
  const ByteRange range{start, end};
  auto proofs = prove_namespaces(payload, common, std::span(&range, 1));
  if (!proofs) return fail(std::move(proofs).error());
  return std::move(proofs->front());
}

Status verify_namespace(const Hash32& commitment, std::uint64_t start, std::uint64_t end,
                        ByteView ns_bytes, const NamespaceProof& proof) {
  const std::uint64_t len = proof.payload_len;
  if (start > end || end > len) {
    return fail("namespace proof: range " + range_text(start, end) + " outside a payload of " +
                std::to_string(len) + " bytes");
  }
  if (ns_bytes.size() != end - start) {
    return fail("namespace proof: " + std::to_string(ns_bytes.size()) +
                " namespace bytes for range " + range_text(start, end));
  }
  // k places the chunk boundaries; a payload has at least one shard.
  if (len > 0 && (proof.recovery == 0 || proof.recovery > kMaxTotalShares)) {
    return fail("namespace proof: recovery threshold k = " + std::to_string(proof.recovery) +
                " must be in [1, " + std::to_string(kMaxTotalShares) + "]");
  }
  const auto layout = ChunkLayout::of(len, proof.recovery);
  const auto chunks = chunks_for(layout, start, end);
  Hash32 payload_root;
  if (chunks.first == chunks.end) {
    if (!proof.left_edge.empty() || !proof.right_edge.empty() || !proof.path.empty()) {
      return fail("namespace proof: an empty payload has no edges or path");
    }
    payload_root = MerkleTree({}).root();
  } else {
    const std::uint64_t from = layout.chunk_start(chunks.first);
    const std::uint64_t to = layout.chunk_end(chunks.end - 1);
    if (proof.left_edge.size() != start - from || proof.right_edge.size() != to - end) {
      return fail("namespace proof: edges of " + std::to_string(proof.left_edge.size()) + " and " +
                  std::to_string(proof.right_edge.size()) + " bytes, expected " +
                  std::to_string(start - from) + " and " + std::to_string(to - end));
    }
    Bytes covered;
    covered.reserve(to - from);
    append(covered, proof.left_edge);
    append(covered, ns_bytes);
    append(covered, proof.right_edge);
    // Cut at the layout's boundaries, which restart at every data shard (not all kChunkSize apart).
    const auto leaves = payload_chunk_leaves(layout, covered, chunks.first, chunks.end);
    auto root = root_from_range(layout.payload_chunks, chunks.first, leaves, proof.path);
    if (!root) return fail(std::move(root).error().context("namespace proof"));
    payload_root = *root;
  }
  if (commitment_from_parts(len, proof.recovery, payload_root, proof.params) != commitment) {
    return fail("namespace proof: bytes " + range_text(start, end) +
                " do not match the payload commitment");
  }
  return {};
}

}  // namespace espresso::vid
