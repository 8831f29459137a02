#include "vid/encoder.hpp"

#include <cstring>

#include "common/check.hpp"
#include "vid/commitment.hpp"
#include "vid/reed_solomon.hpp"

namespace espresso::vid {

Encoding encode_payload(ByteView payload, std::span<const std::uint8_t> counts, unsigned k) {
  Common common;
  common.payload_len = payload.size();
  common.recovery = static_cast<std::uint16_t>(k);
  common.share_counts.assign(counts.begin(), counts.end());
  const unsigned total = common.total_shares();
  ESEQ_CHECK(k >= 1 && k <= total && total <= 255, "VID encoding shape");
  const std::size_t shard_len = common.shard_len();

  std::vector<Bytes> node_data(counts.size());
  std::vector<std::uint8_t*> shards;
  shards.reserve(total);
  for (std::size_t node = 0; node < counts.size(); ++node) {
    node_data[node].resize(counts[node] * shard_len);
    for (unsigned i = 0; i < counts[node]; ++i)
      shards.push_back(node_data[node].data() + i * shard_len);
  }
  // Data shards are the payload in order, the last one zero-padded (buffers start zeroed).
  for (unsigned j = 0; j < k; ++j) {
    const std::size_t offset = j * shard_len;
    if (offset < payload.size()) {
      std::memcpy(shards[j], payload.data() + offset, std::min(shard_len, payload.size() - offset));
    }
  }
  std::vector<const std::uint8_t*> data(shards.begin(), shards.begin() + k);
  rs_encode(k, total, shard_len, data, std::span(shards).subspan(k));

  TreeHasher hasher;
  std::vector<Hash32> leaves;
  leaves.reserve(total);
  for (const auto* shard : shards) leaves.push_back(hasher.leaf(ByteView(shard, shard_len)));
  MerkleTree tree(std::move(leaves));
  common.share_root = tree.root();
  common.payload_root = payload_chunk_root(payload);
  return Encoding{std::move(common), std::move(node_data), std::move(tree)};
}

}  // namespace espresso::vid
