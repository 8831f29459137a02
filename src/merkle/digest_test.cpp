#include "merkle/digest.hpp"

#include <gtest/gtest.h>

#include "common/hex.hpp"

namespace espresso {
namespace {

// FIPS 202 known answers (checked with `openssl dgst -sha3-256`): SHA3-256("") and SHA3-256("abc").
// Ethereum's Keccak-256 differs, which is how this test tells the two apart.
TEST(MerkleDigest, IsFips202Sha3) {
  EXPECT_EQ(to_hex(sha3_256({}), false),
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
  EXPECT_EQ(to_hex(sha3_256(as_bytes("abc")), false),
            "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
}

TEST(MerkleDigest, NodeDigestHashesTheConcatenation) {
  Hash32 a{};
  Hash32 b{};
  a[0] = 1;
  b[31] = 2;
  Bytes joined;
  append(joined, a);
  append(joined, b);
  const Hash32 children[] = {a, b};
  EXPECT_EQ(merkle_node_digest(children), sha3_256(joined));
  EXPECT_EQ(merkle_leaf_digest(joined), sha3_256(joined));
}

}  // namespace
}  // namespace espresso
