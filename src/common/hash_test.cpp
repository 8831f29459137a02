#include "common/hash.hpp"

#include <gtest/gtest.h>

#include "common/hex.hpp"

namespace espresso {
namespace {

// Known-answer vectors: Keccak-256 as used by Ethereum (empty input and "abc", from the Keccak
// team's reference and the Ethereum yellow paper's empty-code hash), SHA-256 from FIPS 180-2
// Appendix B.
TEST(Hash, Keccak256KnownAnswers) {
  EXPECT_EQ(to_hex(keccak256({})),
            "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  EXPECT_EQ(to_hex(keccak256(as_bytes("abc"))),
            "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
}

TEST(Hash, Sha256KnownAnswers) {
  EXPECT_EQ(to_hex(sha256(as_bytes("abc"))),
            "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256({})),
            "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Hash, IncrementalMatchesOneShot) {
  const auto data = as_bytes("The quick brown fox jumps over the lazy dog");
  Keccak256 k;
  k.update(data.first(10)).update(data.subspan(10));
  EXPECT_EQ(k.finalize(), keccak256(data));
  EXPECT_EQ(k.finalize(), keccak256({}));  // finalize resets

  Sha256 s;
  s.update(data.first(3)).update(data.subspan(3));
  EXPECT_EQ(s.finalize(), sha256(data));
  EXPECT_EQ(s.finalize(), sha256({}));
}

}  // namespace
}  // namespace espresso
