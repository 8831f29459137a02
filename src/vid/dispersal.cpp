#include "vid/dispersal.hpp"

#include <optional>
#include <string>

#include "vid/commitment.hpp"
#include "vid/encoder.hpp"
#include "vid/merkle_tree.hpp"

namespace espresso::vid {
namespace {

Result<ShareAssignment> assignment_for(ByteView payload, std::span<const std::uint64_t> weights,
                                       const VidConfig& config) {
  auto assignment = assign_shares(weights, config);
  if (!assignment) return fail(std::move(assignment).error());
  if (payload.size() / assignment->recovery >= static_cast<std::size_t>(INT32_MAX)) {
    return fail("vid: payload of " + std::to_string(payload.size()) + " bytes is too large");
  }
  return assignment;
}

Result<Recommitted> recommit_assigned(ByteView payload, std::span<const std::uint64_t> weights,
                                      std::optional<std::uint32_t> node, const VidConfig& config) {
  auto assignment = assignment_for(payload, weights, config);
  if (!assignment) return fail(std::move(assignment).error());
  if (node && *node >= weights.size()) {
    return fail("vid: node " + std::to_string(*node) + " is not one of the " +
                std::to_string(weights.size()) + " nodes");
  }
  return recommit_payload(payload, assignment->counts, assignment->recovery, node);
}

}  // namespace

Result<Dispersal> disperse(ByteView payload, std::span<const std::uint64_t> weights,
                           const VidConfig& config) {
  auto assignment = assignment_for(payload, weights, config);
  if (!assignment) return fail(std::move(assignment).error());
  Encoding encoding = encode_payload(payload, assignment->counts, assignment->recovery);

  Dispersal out;
  out.commitment = payload_commitment(encoding.common);
  out.shares.reserve(weights.size());
  unsigned first = 0;
  for (std::size_t node = 0; node < weights.size(); ++node) {
    Share share;
    share.node = static_cast<std::uint32_t>(node);
    share.first_index = static_cast<std::uint16_t>(first);
    share.count = encoding.common.share_counts[node];
    share.data = std::move(encoding.node_data[node]);
    if (share.count > 0) share.proof = encoding.share_tree.range_proof(first, first + share.count);
    first += share.count;
    out.shares.push_back(std::move(share));
  }
  out.common = std::move(encoding.common);
  return out;
}

Result<NodeDispersal> disperse_for(ByteView payload, std::span<const std::uint64_t> weights,
                                   std::uint32_t node, const VidConfig& config) {
  auto encoded = recommit_assigned(payload, weights, node, config);
  if (!encoded) return fail(std::move(encoded).error());
  const Hash32 commitment = payload_commitment(encoded->common);
  return NodeDispersal{commitment, std::move(encoded->common), std::move(*encoded->share)};
}

Result<Hash32> commit(ByteView payload, std::span<const std::uint64_t> weights,
                      const VidConfig& config) {
  auto encoded = recommit_assigned(payload, weights, std::nullopt, config);
  if (!encoded) return fail(std::move(encoded).error());
  return payload_commitment(encoded->common);
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
  for (unsigned i = 0; i < count; ++i) leaves.push_back(hasher.leaf(share.shard(i, shard_len)));
  auto root = root_from_range(common.total_shares(), first, leaves, share.proof);
  if (!root) return fail(std::move(root).error().context(who));
  if (*root != common.share_root)
    return fail(who + ": Merkle proof does not lead to the share root");
  return {};
}

}  // namespace espresso::vid
