#include "crypto/peer_id.hpp"

#include <gtest/gtest.h>

#include "common/hex.hpp"

namespace espresso {
namespace {

TEST(PeerId, MatchesLibp2pSpecExample) {
  // libp2p peer-ids spec example "12D3KooW...": the identity multihash of the protobuf-encoded
  // Ed25519 key 08 01 12 20 2ffa35a9...; checked by base58-decoding the spec's text.
  const auto key =
      parse_hex_fixed<32>("2ffa35a99d3a3cfbb17bb7c1dc5561b18a8dcca4df38dc613ea859c37eb1336b")
          .value();
  EXPECT_EQ(libp2p_peer_id(key), "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
}

TEST(PeerId, DerivedFromStakingKeyDeterministically) {
  KeySeed seed{};
  const auto a = BlsSecretKey::from_seed(seed, 0);
  const auto b = BlsSecretKey::from_seed(seed, 1);
  const auto id = libp2p_peer_id(a);
  EXPECT_TRUE(id.starts_with("12D3KooW")) << id;
  EXPECT_EQ(id.size(), 52u);
  EXPECT_EQ(libp2p_peer_id(a), id);
  EXPECT_NE(libp2p_peer_id(b), id);
}

}  // namespace
}  // namespace espresso
