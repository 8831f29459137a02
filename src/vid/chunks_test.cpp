#include "vid/chunks.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "common/hash.hpp"
#include "vid/commitment.hpp"
#include "vid/dispersal.hpp"
#include "vid/namespace_proof.hpp"
#include "vid/test_support.hpp"

namespace espresso::vid {
namespace {

struct Span {
  std::uint64_t start;
  std::uint64_t end;
  friend bool operator==(const Span&, const Span&) = default;
};

std::vector<Span> payload_chunks(const ChunkLayout& layout) {
  std::vector<Span> out;
  for (std::uint64_t i = 0; i < layout.payload_chunks; ++i) {
    out.push_back({layout.chunk_start(i), layout.chunk_end(i)});
  }
  return out;
}

Bytes pattern(std::size_t size) {
  Bytes payload(size);
  for (std::size_t i = 0; i < size; ++i) payload[i] = static_cast<std::uint8_t>(i * 31 + i / 251);
  return payload;
}

// The share-tree leaf written out from the spec, independently of the encoder's hashing.
Hash32 spec_shard_leaf(ByteView shard) {
  Bytes preimage{0x02};
  for (std::size_t offset = 0; offset < shard.size(); offset += kChunkSize) {
    append(preimage, leaf_hash(shard.subspan(offset, std::min(kChunkSize, shard.size() - offset))));
  }
  return sha256(preimage);
}

// Every shard of a dispersal in index order (a full dispersal holds them all).
std::vector<Bytes> all_shards(const Dispersal& d) {
  std::vector<Bytes> shards;
  const std::size_t len = d.common.shard_len();
  for (const auto& share : d.shares) {
    for (unsigned i = 0; i < share.count; ++i) shards.push_back(to_bytes(share.shard(i, len)));
  }
  return shards;
}

TEST(ChunkLayout, RestartsAtEveryDataShardAndStopsAtThePayloadEnd) {
  // L = 20001, k = 2 (not a multiple): S = 10001, chunks of 4096, 4096, 1809 per shard, and the
  // last payload chunk straddles the end (the padded shard has one zero byte after it).
  const auto layout = ChunkLayout::of(20001, 2);
  EXPECT_EQ(layout.shard_len, 10001u);
  EXPECT_EQ(layout.chunks_per_shard, 3u);
  EXPECT_EQ(layout.payload_chunks, 6u);
  const std::vector<Span> expected{{0, 4096},      {4096, 8192},   {8192, 10001},
                                   {10001, 14097}, {14097, 18193}, {18193, 20001}};
  EXPECT_EQ(payload_chunks(layout), expected);
  EXPECT_EQ(layout.chunk_of(10000), 2u);
  EXPECT_EQ(layout.chunk_of(10001), 3u);
  EXPECT_EQ(layout.chunk_of(20000), 5u);

  // k = 1 is the plain 4096-byte cut.
  const auto one = ChunkLayout::of(9000, 1);
  EXPECT_EQ(payload_chunks(one), (std::vector<Span>{{0, 4096}, {4096, 8192}, {8192, 9000}}));
  EXPECT_EQ(ChunkLayout::of(0, 0).payload_chunks, 0u);
}

TEST(ChunkLayout, TinyPayloadsLeaveWholeShardsOfPadding) {
  // L = 5, k = 4: S = 2; shards 0, 1 are payload, shard 2 holds byte 4 and one zero, shard 3 is
  // all padding and has no payload chunk.
  const auto five = ChunkLayout::of(5, 4);
  EXPECT_EQ(five.shard_len, 2u);
  EXPECT_EQ(payload_chunks(five), (std::vector<Span>{{0, 2}, {2, 4}, {4, 5}}));
  // L = 3, k = 4: S = 1, nothing straddles, shard 3 is padding.
  EXPECT_EQ(payload_chunks(ChunkLayout::of(3, 4)), (std::vector<Span>{{0, 1}, {1, 2}, {2, 3}}));
  // L = 1, k = 3: one payload chunk, two padding shards.
  EXPECT_EQ(payload_chunks(ChunkLayout::of(1, 3)), (std::vector<Span>{{0, 1}}));
}

TEST(ChunkLayout, HostileLengthsDoNotOverflow) {
  const std::uint64_t max = UINT64_MAX;
  const auto layout = ChunkLayout::of(max, 2);
  EXPECT_EQ(layout.shard_len, max / 2 + 1);
  EXPECT_EQ(layout.chunk_end(layout.payload_chunks - 1), max);
  EXPECT_EQ(layout.chunk_of(max - 1), layout.payload_chunks - 1);
  EXPECT_EQ(ChunkLayout::of(max, 1).payload_chunks, max / kChunkSize + 1);
}

// The commitment of a payload whose length is not a multiple of k, written out from the spec:
// share leaves over chunk digests, payload leaves at the data shards' boundaries, the straddling
// chunk hashed without its padding.
TEST(ChunkCommitment, MatchesTheSpecWithAStraddlingChunk) {
  const Bytes payload = pattern(20001);
  const std::vector<std::uint64_t> weights{1, 1, 1, 1};
  const auto d = disperse(payload, weights).value();
  ASSERT_EQ(d.common.recovery, 2u);
  ASSERT_EQ(d.common.shard_len(), 10001u);
  const auto shards = all_shards(d);
  ASSERT_EQ(shards.size(), 4u);
  std::vector<Hash32> share_leaves;
  for (const auto& shard : shards) share_leaves.push_back(spec_shard_leaf(shard));
  EXPECT_EQ(d.common.share_root, MerkleTree(share_leaves).root());

  std::vector<Hash32> payload_leaves;
  for (const auto [start, end] : payload_chunks(ChunkLayout::of(payload.size(), 2))) {
    payload_leaves.push_back(leaf_hash(ByteView(payload).subspan(start, end - start)));
  }
  EXPECT_EQ(d.common.payload_root, MerkleTree(payload_leaves).root());
  EXPECT_EQ(payload_chunk_leaves(payload, 2), payload_leaves);
  EXPECT_EQ(payload_chunk_root(payload, 2), d.common.payload_root);
  // Shard 1 is bytes [10001, 20001) and one zero: its last chunk differs from the payload's.
  // Chunks wholly inside the payload are the data shards' chunks byte for byte.
  ASSERT_EQ(shards[1].size(), 10001u);
  EXPECT_EQ(shards[1].back(), 0);
  EXPECT_NE(leaf_hash(ByteView(shards[1]).subspan(8192)), payload_leaves[5]);
  EXPECT_EQ(leaf_hash(ByteView(shards[1]).subspan(8192, 1808)), payload_leaves[5]);
  EXPECT_EQ(leaf_hash(ByteView(shards[1]).subspan(4096, 4096)), payload_leaves[4]);
  EXPECT_EQ(leaf_hash(ByteView(shards[0]).subspan(8192)), payload_leaves[2]);
  // A payload one byte longer moves no boundary but changes the straddling chunk.
  EXPECT_NE(payload_chunk_root(pattern(20002), 2), d.common.payload_root);
  EXPECT_EQ(recover(d.commitment, d.common, d.shares).value(), payload);
}

TEST(ChunkCommitment, TinyPayloadWithPaddingShards) {
  const std::vector<std::uint64_t> weights(10, 1);  // 10 shares, k = 4
  for (const std::size_t size : {1, 3, 5}) {
    const Bytes payload = pattern(size);
    const auto d = disperse(payload, weights).value();
    ASSERT_EQ(d.common.recovery, 4u);
    const auto shards = all_shards(d);
    std::vector<Hash32> share_leaves;
    for (const auto& shard : shards) share_leaves.push_back(spec_shard_leaf(shard));
    EXPECT_EQ(d.common.share_root, MerkleTree(share_leaves).root()) << size;
    std::vector<Hash32> payload_leaves;
    for (const auto [start, end] : payload_chunks(ChunkLayout::of(size, 4))) {
      payload_leaves.push_back(leaf_hash(ByteView(payload).subspan(start, end - start)));
    }
    EXPECT_EQ(d.common.payload_root, MerkleTree(payload_leaves).root()) << size;
    for (std::uint32_t node = 0; node < weights.size(); ++node) {
      EXPECT_TRUE(verify_share(d.commitment, d.common, d.shares[node], node)) << size;
    }
    const std::vector<Share> last_four(d.shares.end() - 4, d.shares.end());
    EXPECT_EQ(recover(d.commitment, d.common, last_four).value(), payload) << size;
    for (std::uint64_t start = 0; start <= size; ++start) {
      for (std::uint64_t end = start; end <= size; ++end) {
        const auto proof = prove_namespace(payload, d.common, start, end).value();
        EXPECT_TRUE(verify_namespace(d.commitment, start, end,
                                     ByteView(payload).subspan(start, end - start), proof))
            << size << " [" << start << ", " << end << ")";
      }
    }
  }
}

TEST(ChunkNamespaceProof, RangeAcrossADataShardBoundary) {
  const Bytes payload = pattern(20001);
  const auto d = disperse(payload, std::vector<std::uint64_t>{1, 1, 1, 1}).value();
  // [9000, 11000) ends chunk 2 = [8192, 10001) and starts chunk 3 = [10001, 14097).
  const auto proof = prove_namespace(payload, d.common, 9000, 11000).value();
  EXPECT_EQ(proof.recovery, 2u);
  EXPECT_EQ(proof.left_edge.size(), 9000u - 8192u);
  EXPECT_EQ(proof.right_edge.size(), 14097u - 11000u);
  const ByteView ns = ByteView(payload).subspan(9000, 2000);
  EXPECT_TRUE(verify_namespace(d.commitment, 9000, 11000, ns, proof));
  // The same bytes claimed one byte later cross the boundary elsewhere.
  EXPECT_FALSE(verify_namespace(d.commitment, 9001, 11001, ns, proof));
  // An empty namespace at the shard boundary and at the payload end.
  for (const std::uint64_t at : {10001u, 20001u}) {
    const auto empty = prove_namespace(payload, d.common, at, at).value();
    EXPECT_TRUE(verify_namespace(d.commitment, at, at, {}, empty)) << at;
  }
}

TEST(ChunkNamespaceProof, AProofWithAnotherKIsRejected) {
  const Bytes payload = pattern(20001);
  const auto d = disperse(payload, std::vector<std::uint64_t>{1, 1, 1, 1}).value();
  const auto proof = prove_namespace(payload, d.common, 100, 200).value();
  const ByteView ns = ByteView(payload).subspan(100, 100);
  ASSERT_TRUE(verify_namespace(d.commitment, 100, 200, ns, proof));
  // k = 1 cuts [0, 4096) too, so the same edges and path fit; the commitment still binds k.
  auto other = proof;
  other.recovery = 1;
  const auto error = verify_namespace(d.commitment, 100, 200, ns, other);
  ASSERT_FALSE(error);
  EXPECT_NE(error.error().message.find("do not match the payload commitment"), std::string::npos);
  other.recovery = 3;
  EXPECT_FALSE(verify_namespace(d.commitment, 100, 200, ns, other));
  other.recovery = 0;
  const auto zero = verify_namespace(d.commitment, 100, 200, ns, other);
  ASSERT_FALSE(zero);
  EXPECT_NE(zero.error().message.find("k = 0"), std::string::npos);
  other.recovery = 256;
  EXPECT_FALSE(verify_namespace(d.commitment, 100, 200, ns, other));
}

// Whatever the shape, the payload chunks tile [0, L) in order, each at most kChunkSize long and
// never across a data shard boundary, and chunk_of finds every byte's chunk.
RC_GTEST_PROP(ChunkLayout, ChunksTileThePayload, ()) {
  const auto len = *rc::gen::inRange<std::uint64_t>(0, 60000);
  const auto k = *rc::gen::inRange<unsigned>(1, 256);
  const auto layout = ChunkLayout::of(len, k);
  std::uint64_t at = 0;
  for (std::uint64_t i = 0; i < layout.payload_chunks; ++i) {
    RC_ASSERT(layout.chunk_start(i) == at);
    RC_ASSERT(layout.chunk_end(i) > at);
    RC_ASSERT(layout.chunk_end(i) - at <= kChunkSize);
    RC_ASSERT(at / layout.shard_len == (layout.chunk_end(i) - 1) / layout.shard_len);
    RC_ASSERT(layout.chunk_of(at) == i);
    RC_ASSERT(layout.chunk_of(layout.chunk_end(i) - 1) == i);
    at = layout.chunk_end(i);
  }
  RC_ASSERT(at == len);
}

RC_GTEST_PROP(ChunkNamespaceProof, EveryRangeVerifiesForAnyStakeTable, ()) {
  const auto payload = *testing::payload_gen(30000);
  const auto weights = *testing::weights_gen(12);
  const auto d = disperse(payload, weights).value();
  const auto start = *rc::gen::inRange<std::uint64_t>(0, payload.size() + 1);
  const auto end = *rc::gen::inRange<std::uint64_t>(start, payload.size() + 1);
  const auto proof = prove_namespace(payload, d.common, start, end).value();
  RC_ASSERT(proof.left_edge.size() <= kChunkSize);
  RC_ASSERT(proof.right_edge.size() <= kChunkSize);
  const ByteView ns = ByteView(payload).subspan(start, end - start);
  RC_ASSERT(verify_namespace(d.commitment, start, end, ns, proof));
  if (!payload.empty()) {
    auto other = proof;
    other.recovery = static_cast<std::uint16_t>(proof.recovery % 255 + 1);
    RC_ASSERT(!verify_namespace(d.commitment, start, end, ns, other));
  }
}

}  // namespace
}  // namespace espresso::vid
