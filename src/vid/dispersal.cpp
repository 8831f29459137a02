#include "vid/dispersal.hpp"

#include <numeric>
#include <string>

#include "vid/chunks.hpp"
#include "vid/commitment.hpp"
#include "vid/encoder.hpp"
#include "vid/merkle_tree.hpp"

namespace espresso::vid {

Result<Dispersal> disperse(ByteView payload, std::span<const std::uint64_t> weights,
                           const VidConfig& config) {
  std::vector<std::uint32_t> everyone(weights.size());
  std::iota(everyone.begin(), everyone.end(), 0u);
  return disperse_to(payload, weights, everyone, config);
}

Result<Dispersal> disperse_to(ByteView payload, std::span<const std::uint64_t> weights,
                              std::span<const std::uint32_t> nodes, const VidConfig& config) {
  auto assignment = assign_shares(weights, config);
  if (!assignment) return fail(std::move(assignment).error());
  if (payload.size() / assignment->recovery >= static_cast<std::size_t>(INT32_MAX)) {
    return fail("vid: payload of " + std::to_string(payload.size()) + " bytes is too large");
  }
  for (const std::uint32_t node : nodes) {
    if (node >= weights.size()) {
      return fail("vid: node " + std::to_string(node) + " is not one of the " +
                  std::to_string(weights.size()) + " nodes");
    }
  }
  Encoding encoding = encode_payload(payload, assignment->counts, assignment->recovery, nodes);
  Dispersal out;
  out.commitment = payload_commitment(encoding.common);
  out.common = std::move(encoding.common);
  out.shares = std::move(encoding.shares);
  return out;
}

Status verify_assignment(const Common& common, std::span<const std::uint64_t> weights,
                         const VidConfig& config) {
  auto expected = assign_shares(weights, config);
  if (!expected) return fail(std::move(expected).error().context("vid assignment"));
  if (common.share_counts != expected->counts || common.recovery != expected->recovery) {
    return fail("vid assignment: the dispersal gives " + std::to_string(common.total_shares()) +
                " shares to " + std::to_string(common.share_counts.size()) +
                " nodes with k = " + std::to_string(common.recovery) + ", the stake table " +
                std::to_string(expected->total) + " shares to " +
                std::to_string(expected->counts.size()) +
                " nodes with k = " + std::to_string(expected->recovery));
  }
  return {};
}

Status verify_share(const Hash32& commitment, const Common& common, const Share& share,
                    std::uint32_t node) {
  ESEQ_TRY_STATUS(verify_common(commitment, common));
  const std::string who = "vid share of node " + std::to_string(node);
  if (share.node != node) return fail(who + ": claims to be node " + std::to_string(share.node));
  if (node >= common.share_counts.size()) {
    return fail(who + ": only " + std::to_string(common.share_counts.size()) + " nodes");
  }
  const unsigned first = common.first_index(node);
  const unsigned count = common.share_counts[node];
  if (share.first_index != first || share.count != count) {
    return fail(who + ": holds shares [" + std::to_string(share.first_index) + ", +" +
                std::to_string(share.count) + "), expected [" + std::to_string(first) + ", +" +
                std::to_string(count) + ")");
  }
  const std::size_t shard_len = common.shard_len();
  if (share.data.size() != count * shard_len) {
    return fail(who + ": " + std::to_string(share.data.size()) + " bytes, expected " +
                std::to_string(count * shard_len));
  }
  if (count == 0) {
    if (!share.proof.empty()) return fail(who + ": holds no shares but carries a proof");
    return {};
  }
  TreeHasher hasher;
  std::vector<Hash32> leaves;
  leaves.reserve(count);
  std::vector<Hash32> digests;
  for (unsigned i = 0; i < count; ++i) {
    leaves.push_back(shard_leaf(hasher, share.shard(i, shard_len), digests));
  }
  auto root = root_from_range(common.total_shares(), first, leaves, share.proof);
  if (!root) return fail(std::move(root).error().context(who));
  if (*root != common.share_root)
    return fail(who + ": Merkle proof does not lead to the share root");
  return {};
}

}  // namespace espresso::vid
