#include "vid/encoder.hpp"

#include <cstring>

#include "common/check.hpp"
#include "vid/commitment.hpp"
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

Encoding encode_payload(ByteView payload, std::span<const std::uint8_t> counts, unsigned k) {
  Common common = common_shape(payload.size(), counts, k);
  const std::size_t shard_len = common.shard_len();

  std::vector<Bytes> node_data(counts.size());
  std::vector<std::uint8_t*> shards;
  shards.reserve(common.total_shares());
  for (std::size_t node = 0; node < counts.size(); ++node) {
    node_data[node].resize(counts[node] * shard_len);
    for (unsigned i = 0; i < counts[node]; ++i) {
      shards.push_back(node_data[node].data() + i * shard_len);
    }
  }
  // Data shards are the payload in order, the last one zero-padded (buffers start zeroed).
  for (unsigned j = 0; j < k; ++j) {
    const std::size_t offset = j * shard_len;
    if (offset < payload.size()) {
      std::memcpy(shards[j], payload.data() + offset, std::min(shard_len, payload.size() - offset));
    }
  }
  MerkleTree tree = encode_and_hash(k, shard_len, shards);
  common.share_root = tree.root();
  common.payload_root = payload_chunk_root(payload);
  return Encoding{std::move(common), std::move(node_data), std::move(tree)};
}

Common recommit_payload(ByteView padded, std::uint64_t payload_len,
                        std::span<const std::uint8_t> counts, unsigned k) {
  Common common = common_shape(payload_len, counts, k);
  const std::size_t shard_len = common.shard_len();
  ESEQ_CHECK(padded.size() == k * shard_len && payload_len <= padded.size(), "VID padded payload");
  Bytes parity((common.total_shares() - k) * shard_len);
  std::vector<std::uint8_t*> shards;
  for (unsigned j = 0; j < k; ++j) {
    shards.push_back(const_cast<std::uint8_t*>(padded.data()) + j * shard_len);  // read only
  }
  for (unsigned j = k; j < common.total_shares(); ++j) {
    shards.push_back(parity.data() + (j - k) * shard_len);
  }
  common.share_root = encode_and_hash(k, shard_len, shards).root();
  common.payload_root = payload_chunk_root(padded.first(payload_len));
  return common;
}

}  // namespace espresso::vid
