#include "vid/namespace_proof.hpp"

#include <algorithm>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "vid/dispersal.hpp"
#include "vid/test_support.hpp"

namespace espresso::vid {
namespace {

using testing::payload_gen;

const std::vector<std::uint64_t> kWeights{3, 1, 4, 1, 5};

ByteView slice(const Bytes& payload, std::uint64_t start, std::uint64_t end) {
  return ByteView(payload).subspan(start, end - start);
}

// Namespace boundaries as an NsTable would give them: sorted end offsets, the last at the end.
std::vector<std::uint64_t> boundaries_for(std::size_t size) {
  auto ends = *rc::gen::container<std::vector<std::uint64_t>>(
      *rc::gen::inRange<std::size_t>(0, 8), rc::gen::inRange<std::uint64_t>(0, size + 1));
  ends.push_back(size);
  std::sort(ends.begin(), ends.end());
  return ends;
}

RC_GTEST_PROP(NamespaceProof, EveryNamespaceVerifies, ()) {
  const auto payload = *payload_gen(40000);
  const auto d = disperse(payload, kWeights).value();
  std::vector<ByteRange> ranges;
  std::uint64_t start = 0;
  for (const auto end : boundaries_for(payload.size())) {
    ranges.push_back({start, end});
    start = end;
  }
  const auto proofs = prove_namespaces(payload, d.common, ranges).value();
  RC_ASSERT(proofs.size() == ranges.size());
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const auto [begin, end] = ranges[i];
    RC_ASSERT(verify_namespace(d.commitment, begin, end, slice(payload, begin, end), proofs[i]));
    RC_ASSERT(proofs[i] == prove_namespace(payload, d.common, begin, end).value());
    RC_ASSERT(proofs[i].left_edge.size() <= kChunkSize);
    RC_ASSERT(proofs[i].right_edge.size() <= kChunkSize);
  }
}

RC_GTEST_PROP(NamespaceProof, TamperedProofsFail, ()) {
  const auto payload =
      *rc::gen::suchThat(payload_gen(40000), [](const Bytes& p) { return !p.empty(); });
  const auto d = disperse(payload, kWeights).value();
  const auto start = *rc::gen::inRange<std::uint64_t>(0, payload.size());
  const auto end = *rc::gen::inRange<std::uint64_t>(start + 1, payload.size() + 1);
  const auto proof = prove_namespace(payload, d.common, start, end).value();
  auto bytes = to_bytes(slice(payload, start, end));
  RC_ASSERT(verify_namespace(d.commitment, start, end, bytes, proof));

  auto tampered_bytes = bytes;
  tampered_bytes[*rc::gen::inRange<std::size_t>(0, bytes.size())] ^= 1;
  RC_ASSERT(!verify_namespace(d.commitment, start, end, tampered_bytes, proof));

  auto tampered = proof;
  switch (*rc::gen::inRange(0, 5)) {
    case 0:
      tampered.params[0] ^= 1;
      break;
    case 1:
      tampered.payload_len += 1;
      break;
    case 2:
      if (tampered.path.empty())
        tampered.path.push_back(d.commitment);
      else
        tampered.path.back()[31] ^= 1;
      break;
    case 4:
      // Another k moves the chunk boundaries, or (when they do not move) still changes the
      // commitment, which binds k.
      tampered.recovery = static_cast<std::uint16_t>(tampered.recovery % 255 + 1);
      break;
    default:
      if (!tampered.left_edge.empty())
        tampered.left_edge[0] ^= 1;
      else if (!tampered.right_edge.empty())
        tampered.right_edge[0] ^= 1;
      else
        tampered.left_edge.push_back(0);
      break;
  }
  RC_ASSERT(!verify_namespace(d.commitment, start, end, bytes, tampered));
  // Claiming the bytes sit elsewhere fails too, unless they really are there as well: chunks
  // restart at every data shard, so a tiny payload of equal bytes ([0, 0] with k = 2 is two
  // one-byte chunks) has a proof that is also valid one byte on, for a true claim.
  if (end < payload.size() && to_bytes(slice(payload, start + 1, end + 1)) != bytes)
    RC_ASSERT(!verify_namespace(d.commitment, start + 1, end + 1, bytes, proof));
}

TEST(NamespaceProof, ProofSizeDoesNotGrowWithThePayload) {
  Bytes small(64 * 1024, 1);
  Bytes large(4 * 1024 * 1024, 1);
  const auto ds = disperse(small, kWeights).value();
  const auto dl = disperse(large, kWeights).value();
  const auto ps = prove_namespace(small, ds.common, 5000, 6000).value();
  const auto pl = prove_namespace(large, dl.common, 5000, 6000).value();
  // The edges are parts of two chunks whatever the payload size (where the chunks fall depends on
  // the shard length, so not their exact sizes).
  EXPECT_LT(ps.left_edge.size() + ps.right_edge.size(), 2 * kChunkSize);
  EXPECT_LT(pl.left_edge.size() + pl.right_edge.size(), 2 * kChunkSize);
  EXPECT_LE(pl.path.size(), 2 * 10u);  // logarithmic: 1024 chunks
  EXPECT_TRUE(verify_namespace(dl.commitment, 5000, 6000, ByteView(large).subspan(5000, 1000), pl));
}

TEST(NamespaceProof, EmptyNamespacesAndPayloads) {
  const auto empty = disperse(Bytes{}, kWeights).value();
  const auto p0 = prove_namespace(Bytes{}, empty.common, 0, 0).value();
  EXPECT_TRUE(verify_namespace(empty.commitment, 0, 0, {}, p0));
  EXPECT_FALSE(prove_namespace(Bytes{}, empty.common, 0, 1));

  Bytes payload(kChunkSize, 9);
  const auto d = disperse(payload, kWeights).value();
  const auto at_end = prove_namespace(payload, d.common, kChunkSize, kChunkSize).value();
  EXPECT_TRUE(verify_namespace(d.commitment, kChunkSize, kChunkSize, {}, at_end));
  const auto error = verify_namespace(d.commitment, 10, 5, {}, at_end);
  ASSERT_FALSE(error);
  EXPECT_NE(error.error().message.find("[10, 5)"), std::string::npos);
}

}  // namespace
}  // namespace espresso::vid
