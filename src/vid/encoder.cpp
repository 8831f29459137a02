#include "vid/encoder.hpp"

#include <algorithm>
#include <cstring>

#include "common/check.hpp"
#include "vid/chunks.hpp"
#include "vid/merkle_tree.hpp"
#include "vid/reed_solomon.hpp"

namespace espresso::vid {
namespace {

Common common_shape(std::uint64_t payload_len, std::span<const std::uint8_t> counts, unsigned k) {
  Common common;
  common.payload_len = payload_len;
  common.recovery = static_cast<std::uint16_t>(k);
  common.share_counts.assign(counts.begin(), counts.end());
  const unsigned total = common.total_shares();
  ESEQ_CHECK(k >= 1 && k <= total && total <= 255, "VID encoding shape");
  return common;
}

// Fills the parity shards from the data shards (shards[0..k) already hold the padded payload),
// hashes every shard's chunks once, and returns the share tree and the payload chunk tree's leaves.
// A payload chunk wholly inside the payload is a data-shard chunk (vid/chunks.hpp), so it reuses
// that digest; only the chunk straddling the payload's end is hashed again, without its padding.
struct Trees {
  MerkleTree shares;
  std::vector<Hash32> payload_leaves;
};

Trees encode_and_hash(ByteView payload, unsigned k, std::size_t shard_len,
                      std::span<std::uint8_t* const> shards) {
  std::vector<const std::uint8_t*> data(shards.begin(), shards.begin() + k);
  rs_encode(k, static_cast<unsigned>(shards.size()), shard_len, data, shards.subspan(k));
  const auto layout = ChunkLayout::of(payload.size(), k);
  TreeHasher hasher;
  std::vector<Hash32> share_leaves;
  share_leaves.reserve(shards.size());
  std::vector<Hash32> payload_leaves;
  payload_leaves.reserve(layout.payload_chunks);
  std::vector<Hash32> digests;
  digests.reserve(layout.chunks_per_shard);
  for (std::size_t j = 0; j < shards.size(); ++j) {
    share_leaves.push_back(shard_leaf(hasher, ByteView(shards[j], shard_len), digests));
    if (j >= k) continue;
    for (std::size_t c = 0; c < digests.size(); ++c) {
      const std::uint64_t i = j * layout.chunks_per_shard + c;
      if (i >= layout.payload_chunks) break;
      const std::uint64_t start = layout.chunk_start(i);
      const std::uint64_t end = layout.chunk_end(i);
      const bool straddles = start + std::min(kChunkSize, shard_len - c * kChunkSize) > end;
      payload_leaves.push_back(straddles ? hasher.leaf(payload.subspan(start, end - start))
                                         : digests[c]);
    }
  }
  return {MerkleTree(std::move(share_leaves)), std::move(payload_leaves)};
}

}  // namespace

Encoding encode_payload(ByteView payload, std::span<const std::uint8_t> counts, unsigned k,
                        std::span<const std::uint32_t> share_of) {
  Common common = common_shape(payload.size(), counts, k);
  const std::size_t shard_len = common.shard_len();
  const unsigned total = common.total_shares();
  const std::size_t whole =
      shard_len == 0 ? k : std::min<std::size_t>(k, payload.size() / shard_len);
  Bytes padded_tail((k - whole) * shard_len);
  if (whole < k) {
    std::memcpy(padded_tail.data(), payload.data() + whole * shard_len,
                payload.size() - whole * shard_len);
  }
  Bytes parity((total - k) * shard_len);
  std::vector<std::uint8_t*> shards;
  shards.reserve(total);
  for (std::size_t j = 0; j < whole; ++j) {
    shards.push_back(const_cast<std::uint8_t*>(payload.data()) + j * shard_len);  // read only
  }
  for (std::size_t j = whole; j < k; ++j) {
    shards.push_back(padded_tail.data() + (j - whole) * shard_len);
  }
  for (unsigned j = k; j < total; ++j) shards.push_back(parity.data() + (j - k) * shard_len);
  Trees trees = encode_and_hash(payload, k, shard_len, shards);
  const MerkleTree& tree = trees.shares;
  common.share_root = tree.root();
  common.payload_root = MerkleTree(std::move(trees.payload_leaves)).root();

  Encoding out{std::move(common), {}};
  out.shares.reserve(share_of.size());
  for (const std::uint32_t node : share_of) {
    ESEQ_CHECK(node < counts.size(), "VID share of a node outside the assignment");
    Share share;
    share.node = node;
    share.first_index = static_cast<std::uint16_t>(out.common.first_index(node));
    share.count = counts[node];
    share.data.reserve(share.count * shard_len);
    for (unsigned i = 0; i < share.count; ++i) {
      const std::uint8_t* shard = shards[share.first_index + i];
      share.data.insert(share.data.end(), shard, shard + shard_len);
    }
    if (share.count > 0) {
      share.proof = tree.range_proof(share.first_index, share.first_index + share.count);
    }
    out.shares.push_back(std::move(share));
  }
  return out;
}

}  // namespace espresso::vid
