// recover(): decode from any k verified shares, then the re-encoding check.
#include <algorithm>
#include <string>

#include "vid/commitment.hpp"
#include "vid/dispersal.hpp"
#include "vid/encoder.hpp"
#include "vid/reed_solomon.hpp"

namespace espresso::vid {

Result<Bytes> recover(const Hash32& commitment, const Common& common,
                      std::span<const Share> shares) {
  ESEQ_TRY_STATUS(verify_common(commitment, common).map_error([](Error e) {
    return std::move(e).context("vid recover");
  }));
  const unsigned k = common.recovery;
  const unsigned total = common.total_shares();
  const std::size_t shard_len = common.shard_len();

  std::vector<bool> have(total, false);
  std::vector<unsigned> indices;
  std::vector<const std::uint8_t*> shards;
  std::string rejected;
  for (const auto& share : shares) {
    if (indices.size() == k) break;
    if (auto ok = verify_share(commitment, common, share, share.node); !ok) {
      rejected += "; " + ok.error().message;
      continue;
    }
    for (unsigned i = 0; i < share.count && indices.size() < k; ++i) {
      const unsigned index = share.first_index + i;
      if (have[index]) continue;
      have[index] = true;
      indices.push_back(index);
      shards.push_back(share.data.data() + i * shard_len);
    }
  }
  if (indices.size() < k) {
    return fail("vid recover: " + std::to_string(indices.size()) +
                " valid distinct shares, need k = " + std::to_string(k) + rejected);
  }

  Bytes payload(k * shard_len);
  std::vector<std::uint8_t*> outputs(k);
  for (unsigned j = 0; j < k; ++j) outputs[j] = payload.data() + j * shard_len;
  ESEQ_TRY_STATUS(rs_reconstruct(k, total, shard_len, indices, shards, outputs));

  // Re-encoding check: every share must belong to the codeword of the recovered payload, else
  // different share subsets would yield different payloads; and the padding must be zero, so a
  // payload has one commitment.
  if (!std::all_of(payload.begin() + static_cast<std::ptrdiff_t>(common.payload_len), payload.end(),
                   [](std::uint8_t b) { return b == 0; })) {
    return fail("vid recover: inconsistent dispersal: the padding after the payload is not zero");
  }
  const Common again =
      encode_payload(ByteView(payload).first(common.payload_len), common.share_counts, k).common;
  if (again != common) {
    return fail(
        std::string("vid recover: inconsistent dispersal: re-encoding the recovered payload ") +
        (again.share_root != common.share_root ? "gives a different share root"
                                               : "gives a different payload chunk root"));
  }
  payload.resize(common.payload_len);
  return payload;
}

}  // namespace espresso::vid
