#include "vid/namespace_proof.hpp"

#include <string>

#include "vid/commitment.hpp"
#include "vid/merkle_tree.hpp"

namespace espresso::vid {
namespace {

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) {
  return a / b + (a % b != 0 ? 1 : 0);
}

struct ChunkRange {
  std::uint64_t first = 0;  // chunk index
  std::uint64_t end = 0;    // one past the last chunk index
};

// The chunks proven for [start, end): those overlapping it, or the chunk holding `start` (the last
// chunk when start == payload_len) for an empty range, so an empty namespace is still bound.
ChunkRange chunks_for(std::uint64_t payload_len, std::uint64_t start, std::uint64_t end) {
  if (payload_len == 0) return {};
  const std::uint64_t first = std::min(start, payload_len - 1) / kChunkSize;
  const std::uint64_t last = std::max(first + 1, ceil_div(end, kChunkSize));
  return {first, last};
}

// End offset of chunk range `chunks` within a payload of `len` bytes, without overflow.
std::uint64_t chunks_end_offset(ChunkRange chunks, std::uint64_t len) {
  return chunks.end > len / kChunkSize ? len : chunks.end * kChunkSize;
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
  for (const auto& range : ranges) {
    if (range.start > range.end || range.end > payload.size()) {
      return fail("namespace proof: range " + range_text(range.start, range.end) +
                  " outside a payload of " + std::to_string(payload.size()) + " bytes");
    }
  }
  const Hash32 params = params_digest(common);
  const MerkleTree tree(chunk_leaf_hashes(payload, kChunkSize));
  std::vector<NamespaceProof> proofs;
  proofs.reserve(ranges.size());
  for (const auto& [start, end] : ranges) {
    NamespaceProof& proof = proofs.emplace_back();
    proof.payload_len = payload.size();
    proof.params = params;
    const auto chunks = chunks_for(payload.size(), start, end);
    if (chunks.first == chunks.end) continue;
    const std::uint64_t from = chunks.first * kChunkSize;
    const std::uint64_t to = chunks_end_offset(chunks, payload.size());
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
  const auto chunks = chunks_for(len, start, end);
  Hash32 payload_root;
  if (chunks.first == chunks.end) {
    if (!proof.left_edge.empty() || !proof.right_edge.empty() || !proof.path.empty()) {
      return fail("namespace proof: an empty payload has no edges or path");
    }
    payload_root = payload_chunk_root(ByteView{});
  } else {
    const std::uint64_t from = chunks.first * kChunkSize;
    const std::uint64_t to = chunks_end_offset(chunks, len);
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
    const auto leaves = chunk_leaf_hashes(covered, kChunkSize);
    const std::uint64_t chunk_count = ceil_div(len, kChunkSize);
    auto root = root_from_range(chunk_count, chunks.first, leaves, proof.path);
    if (!root) return fail(std::move(root).error().context("namespace proof"));
    payload_root = *root;
  }
  if (commitment_from_parts(len, payload_root, proof.params) != commitment) {
    return fail("namespace proof: bytes " + range_text(start, end) +
                " do not match the payload commitment");
  }
  return {};
}

}  // namespace espresso::vid
