#include "consensus/avid_vid.hpp"

#include <optional>

#include "vid/codec.hpp"
#include "vid/dispersal.hpp"

namespace espresso::consensus {
namespace {

Bytes encode_node_share(const vid::Common& common, const vid::Share& share) {
  const Bytes common_bytes = vid::encode_common(common);
  Bytes out;
  const auto length = static_cast<std::uint32_t>(common_bytes.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(length >> (8 * i)));
  append(out, common_bytes);
  append(out, vid::encode_share(share));
  return out;
}

struct NodeShare {
  vid::Common common;
  vid::Share share;
};

Result<NodeShare> decode_node_share(ByteView bytes) {
  if (bytes.size() < 4) return fail("vid share: expected a 4-byte length prefix");
  std::uint32_t length = 0;
  for (int i = 0; i < 4; ++i) length |= std::uint32_t{bytes[i]} << (8 * i);
  if (length > bytes.size() - 4) return fail("vid share: common part longer than the share");
  auto common = vid::decode_common(bytes.subspan(4, length));
  if (!common) return fail(std::move(common).error());
  auto share = vid::decode_share(bytes.subspan(4 + length));
  if (!share) return fail(std::move(share).error());
  return NodeShare{std::move(*common), std::move(*share)};
}

class AvidVid final : public VidScheme {
 public:
  explicit AvidVid(std::vector<std::uint64_t> weights) : weights_(std::move(weights)) {}

  Commitment commit(ByteView payload, std::size_t) const override {
    auto dispersal = vid::disperse_to(payload, weights_, {});
    return dispersal ? dispersal->commitment : Commitment{};
  }

  Dispersal disperse(ByteView payload, std::size_t num_nodes) const override {
    auto dispersal = vid::disperse(payload, weights_);
    if (!dispersal) return Dispersal{Commitment{}, std::vector<Bytes>(num_nodes)};
    Dispersal out{dispersal->commitment, {}};
    for (const auto& share : dispersal->shares) {
      out.shares.push_back(encode_node_share(dispersal->common, share));
    }
    out.shares.resize(num_nodes);
    return out;
  }

  std::optional<Dispersal> disperse_to(ByteView payload, std::span<const NodeIndex> recipients,
                                       std::size_t num_nodes) const override {
    const std::vector<std::uint32_t> nodes(recipients.begin(), recipients.end());
    auto dispersal = vid::disperse_to(payload, weights_, nodes);
    if (!dispersal) return std::nullopt;
    Dispersal out{dispersal->commitment, std::vector<Bytes>(num_nodes)};
    for (const auto& share : dispersal->shares) {
      if (share.node < num_nodes)
        out.shares[share.node] = encode_node_share(dispersal->common, share);
    }
    return out;
  }

  bool verify_share(const Commitment& commitment, NodeIndex node, ByteView share,
                    std::size_t) const override {
    auto decoded = decode_node_share(share);
    return decoded && decoded->share.node == node &&
           vid::verify_share(commitment, decoded->common, decoded->share, node).has_value();
  }

  std::optional<std::uint64_t> payload_size(ByteView share) const override {
    auto decoded = decode_node_share(share);
    if (!decoded) return std::nullopt;
    return decoded->common.payload_len;
  }

  std::optional<Bytes> common(ByteView share) const override {
    auto decoded = decode_node_share(share);
    if (!decoded) return std::nullopt;
    return vid::encode_common(decoded->common);
  }

  Result<Bytes> recover(const Commitment& commitment,
                        std::span<const std::pair<NodeIndex, Bytes>> shares,
                        std::size_t) const override {
    std::optional<vid::Common> common;
    std::vector<vid::Share> decoded;
    for (const auto& [node, bytes] : shares) {
      auto share = decode_node_share(bytes);
      if (!share || !vid::verify_share(commitment, share->common, share->share, node)) continue;
      if (!common) common = share->common;
      decoded.push_back(std::move(share->share));
    }
    if (!common) return fail("vid: no share verifies against the commitment");
    return vid::recover(commitment, *common, decoded);
  }

 private:
  std::vector<std::uint64_t> weights_;
};

}  // namespace

std::unique_ptr<VidScheme> make_avid_vid(std::vector<std::uint64_t> weights) {
  return std::make_unique<AvidVid>(std::move(weights));
}

}  // namespace espresso::consensus
