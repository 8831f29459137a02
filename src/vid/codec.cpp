#include "vid/codec.hpp"

#include <string>

#include "vid/share_assignment.hpp"

namespace espresso::vid {
namespace {

// A proof has at most two hashes per level of a tree of ≤ 2^64 leaves.
constexpr std::size_t kMaxPathLen = 128;

class Writer {
 public:
  template <typename Int>
  Writer& le(Int value) {
    for (std::size_t i = 0; i < sizeof(Int); ++i) {
      out_.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(value) >> (8 * i)));
    }
    return *this;
  }
  Writer& raw(ByteView bytes) {
    append(out_, bytes);
    return *this;
  }
  Writer& hashes(const std::vector<Hash32>& list) {
    le(static_cast<std::uint8_t>(list.size()));
    for (const auto& h : list) raw(h);
    return *this;
  }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

class Reader {
 public:
  Reader(ByteView bytes, const char* what) : bytes_(bytes), what_(what) {}

  template <typename Int>
  Result<Int> le(const char* field) {
    auto bytes = take(sizeof(Int), field);
    if (!bytes) return fail(std::move(bytes).error());
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < sizeof(Int); ++i) value |= std::uint64_t{(*bytes)[i]} << (8 * i);
    return static_cast<Int>(value);
  }

  Result<ByteView> take(std::uint64_t size, const char* field) {
    if (size > bytes_.size() - offset_) {
      return fail(std::string(what_) + ": " + field + " needs " + std::to_string(size) +
                  " bytes at offset " + std::to_string(offset_) + ", only " +
                  std::to_string(bytes_.size() - offset_) + " left");
    }
    ByteView out = bytes_.subspan(offset_, size);
    offset_ += size;
    return out;
  }

  Result<Hash32> hash(const char* field) {
    auto bytes = take(32, field);
    if (!bytes) return fail(std::move(bytes).error());
    Hash32 out;
    std::copy(bytes->begin(), bytes->end(), out.begin());
    return out;
  }

  Result<std::vector<Hash32>> hashes(const char* field, std::size_t max) {
    auto count = le<std::uint8_t>(field);
    if (!count) return fail(std::move(count).error());
    if (*count > max) return too_big(field, *count, max);
    std::vector<Hash32> out;
    for (unsigned i = 0; i < *count; ++i) {
      auto h = hash(field);
      if (!h) return fail(std::move(h).error());
      out.push_back(*h);
    }
    return out;
  }

  tl::unexpected<Error> too_big(const char* field, std::uint64_t value, std::uint64_t max) const {
    return fail(std::string(what_) + ": " + field + " is " + std::to_string(value) + ", at most " +
                std::to_string(max) + " allowed");
  }

  Status finish() const {
    if (offset_ != bytes_.size()) {
      return fail(std::string(what_) + ": " + std::to_string(bytes_.size() - offset_) +
                  " trailing bytes after offset " + std::to_string(offset_));
    }
    return {};
  }

 private:
  ByteView bytes_;
  const char* what_;
  std::size_t offset_ = 0;
};

// Unwraps a Result into `var` or returns its error from the enclosing function.
#define VID_READ(var, expr)                                        \
  auto var##_result = (expr);                                      \
  if (!var##_result) return fail(std::move(var##_result).error()); \
  auto var = *std::move(var##_result)

}  // namespace

Bytes encode_common(const Common& common) {
  Writer w;
  w.le(common.payload_len)
      .le(common.recovery)
      .le(static_cast<std::uint32_t>(common.share_counts.size()));
  w.raw(common.share_counts).raw(common.share_root).raw(common.payload_root);
  return w.take();
}

Result<Common> decode_common(ByteView bytes) {
  Reader r(bytes, "vid common");
  Common c;
  VID_READ(len, r.le<std::uint64_t>("payload length"));
  VID_READ(k, r.le<std::uint16_t>("recovery threshold"));
  VID_READ(nodes, r.le<std::uint32_t>("node count"));
  VID_READ(counts, r.take(nodes, "share counts"));
  VID_READ(share_root, r.hash("share root"));
  VID_READ(payload_root, r.hash("payload root"));
  ESEQ_TRY_STATUS(r.finish());
  c.payload_len = len;
  c.recovery = k;
  c.share_counts = to_bytes(counts);
  c.share_root = share_root;
  c.payload_root = payload_root;
  if (c.total_shares() > kMaxTotalShares)
    return r.too_big("total shares", c.total_shares(), kMaxTotalShares);
  return c;
}

Bytes encode_share(const Share& share) {
  Writer w;
  w.le(share.node)
      .le(share.first_index)
      .le(share.count)
      .le(static_cast<std::uint64_t>(share.data.size()));
  w.raw(share.data).hashes(share.proof);
  return w.take();
}

Result<Share> decode_share(ByteView bytes) {
  Reader r(bytes, "vid share");
  Share s;
  VID_READ(node, r.le<std::uint32_t>("node"));
  VID_READ(first, r.le<std::uint16_t>("first index"));
  VID_READ(count, r.le<std::uint16_t>("share count"));
  VID_READ(data_len, r.le<std::uint64_t>("data length"));
  VID_READ(data, r.take(data_len, "share data"));
  VID_READ(proof, r.hashes("Merkle proof", kMaxPathLen));
  ESEQ_TRY_STATUS(r.finish());
  if (first + count > kMaxTotalShares)
    return r.too_big("last share index", first + count, kMaxTotalShares);
  s.node = node;
  s.first_index = first;
  s.count = count;
  s.data = to_bytes(data);
  s.proof = std::move(proof);
  return s;
}

Bytes encode_namespace_proof(const NamespaceProof& proof) {
  Writer w;
  w.le(proof.payload_len).raw(proof.params);
  w.le(static_cast<std::uint32_t>(proof.left_edge.size())).raw(proof.left_edge);
  w.le(static_cast<std::uint32_t>(proof.right_edge.size())).raw(proof.right_edge);
  w.hashes(proof.path);
  return w.take();
}

Result<NamespaceProof> decode_namespace_proof(ByteView bytes) {
  Reader r(bytes, "namespace proof");
  NamespaceProof p;
  VID_READ(len, r.le<std::uint64_t>("payload length"));
  VID_READ(params, r.hash("params digest"));
  VID_READ(left_len, r.le<std::uint32_t>("left edge length"));
  if (left_len > kChunkSize) return r.too_big("left edge length", left_len, kChunkSize);
  VID_READ(left, r.take(left_len, "left edge"));
  VID_READ(right_len, r.le<std::uint32_t>("right edge length"));
  if (right_len > kChunkSize) return r.too_big("right edge length", right_len, kChunkSize);
  VID_READ(right, r.take(right_len, "right edge"));
  VID_READ(path, r.hashes("Merkle path", kMaxPathLen));
  ESEQ_TRY_STATUS(r.finish());
  p.payload_len = len;
  p.params = params;
  p.left_edge = to_bytes(left);
  p.right_edge = to_bytes(right);
  p.path = std::move(path);
  return p;
}

}  // namespace espresso::vid
