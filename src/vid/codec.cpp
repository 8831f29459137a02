#include "vid/codec.hpp"

#include <string>

#include "common/encoding.hpp"
#include "vid/share_assignment.hpp"

namespace espresso::vid {
namespace {

// A proof has at most two hashes per level of a tree of ≤ 2^64 leaves.
constexpr std::size_t kMaxPathLen = 128;

// Names the field a decoding error happened in: "vid share: share data: truncated input: ...".
template <typename T>
Result<T> field(Result<T> value, const char* what, const char* name) {
  if (!value) return fail(std::move(value).error().context(std::string(what) + ": " + name));
  return value;
}

tl::unexpected<Error> too_big(const char* what, const char* name, std::uint64_t value,
                              std::uint64_t max) {
  return fail(std::string(what) + ": " + name + " is " + std::to_string(value) + ", at most " +
              std::to_string(max) + " allowed");
}

void write_hashes(Writer& w, const std::vector<Hash32>& hashes) {
  w.u8(static_cast<std::uint8_t>(hashes.size()));
  for (const auto& h : hashes) w.fixed(h);
}

Result<std::vector<Hash32>> read_hashes(Reader& r, const char* what, const char* name) {
  auto count = field(r.u8(), what, name);
  if (!count) return fail(std::move(count).error());
  if (*count > kMaxPathLen) return too_big(what, name, *count, kMaxPathLen);
  std::vector<Hash32> out;
  for (unsigned i = 0; i < *count; ++i) {
    auto h = field(r.array<32>(), what, name);
    if (!h) return fail(std::move(h).error());
    out.push_back(*h);
  }
  return out;
}

Status finish(const Reader& r, const char* what) {
  if (auto end = r.expect_end(); !end) return fail(std::move(end).error().context(what));
  return {};
}

// Unwraps a Result into `var` or returns its error from the enclosing function.
#define VID_READ(var, expr)                                        \
  auto var##_result = (expr);                                      \
  if (!var##_result) return fail(std::move(var##_result).error()); \
  auto var = *std::move(var##_result)

}  // namespace

Bytes encode_common(const Common& common) {
  Writer w;
  w.u64(common.payload_len).u16(common.recovery);
  w.u32(static_cast<std::uint32_t>(common.share_counts.size())).fixed(common.share_counts);
  w.fixed(common.share_root).fixed(common.payload_root);
  return std::move(w).take();
}

Result<Common> decode_common(ByteView bytes) {
  constexpr const char* what = "vid common";
  Reader r(bytes);
  VID_READ(len, field(r.u64(), what, "payload length"));
  VID_READ(k, field(r.u16(), what, "recovery threshold"));
  VID_READ(nodes, field(r.u32(), what, "node count"));
  VID_READ(counts, field(r.fixed(nodes), what, "share counts"));
  VID_READ(share_root, field(r.array<32>(), what, "share root"));
  VID_READ(payload_root, field(r.array<32>(), what, "payload root"));
  ESEQ_TRY_STATUS(finish(r, what));
  Common c{len, k, to_bytes(counts), share_root, payload_root};
  if (c.total_shares() > kMaxTotalShares) {
    return too_big(what, "total shares", c.total_shares(), kMaxTotalShares);
  }
  return c;
}

Bytes encode_share(const Share& share) {
  Writer w;
  w.u32(share.node).u16(share.first_index).u16(share.count).prefixed(share.data);
  write_hashes(w, share.proof);
  return std::move(w).take();
}

Result<Share> decode_share(ByteView bytes) {
  constexpr const char* what = "vid share";
  Reader r(bytes);
  VID_READ(node, field(r.u32(), what, "node"));
  VID_READ(first, field(r.u16(), what, "first index"));
  VID_READ(count, field(r.u16(), what, "share count"));
  if (first + count > kMaxTotalShares) {
    return too_big(what, "last share index", first + count, kMaxTotalShares);
  }
  // A share is at most 255 shards of a payload no larger than the reader's default bound.
  VID_READ(data, field(r.prefixed(), what, "share data"));
  VID_READ(proof, read_hashes(r, what, "Merkle proof"));
  ESEQ_TRY_STATUS(finish(r, what));
  return Share{node, first, count, std::move(data), std::move(proof)};
}

Bytes encode_namespace_proof(const NamespaceProof& proof) {
  Writer w;
  w.u64(proof.payload_len).u16(proof.recovery).fixed(proof.params);
  w.prefixed(proof.left_edge).prefixed(proof.right_edge);
  write_hashes(w, proof.path);
  return std::move(w).take();
}

Result<NamespaceProof> decode_namespace_proof(ByteView bytes) {
  constexpr const char* what = "namespace proof";
  Reader r(bytes);
  VID_READ(len, field(r.u64(), what, "payload length"));
  VID_READ(k, field(r.u16(), what, "recovery threshold"));
  // k ≤ the share count ≤ 255; k = 0 is left to verify_namespace (valid only for an empty payload).
  if (k > kMaxTotalShares) return too_big(what, "recovery threshold", k, kMaxTotalShares);
  VID_READ(params, field(r.array<32>(), what, "params digest"));
  VID_READ(left, field(r.prefixed(kChunkSize), what, "left edge"));
  VID_READ(right, field(r.prefixed(kChunkSize), what, "right edge"));
  VID_READ(path, read_hashes(r, what, "Merkle path"));
  ESEQ_TRY_STATUS(finish(r, what));
  return NamespaceProof{len, k, params, std::move(left), std::move(right), std::move(path)};
}

}  // namespace espresso::vid
