#include "vid/encoder.hpp"

#include <algorithm>
#include <cstring>

#include "common/check.hpp"
#include "vid/commitment.hpp"
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

// Fills the parity shards from the data shards (shards[0..k) already hold the padded payload) and
// returns the share tree.
MerkleTree encode_and_hash(unsigned k, std::size_t shard_len,
                           std::span<std::uint8_t* const> shards) {
  std::vector<const std::uint8_t*> data(shards.begin(), shards.begin() + k);
  rs_encode(k, static_cast<unsigned>(shards.size()), shard_len, data, shards.subspan(k));
  TreeHasher hasher;
  std::vector<Hash32> leaves;
  leaves.reserve(shards.size());
  for (const auto* shard : shards) leaves.push_back(hasher.leaf(ByteView(shard, shard_len)));
  return MerkleTree(std::move(leaves));
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
  const MerkleTree tree = encode_and_hash(k, shard_len, shards);
  common.share_root = tree.root();
  common.payload_root = payload_chunk_root(payload);

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
