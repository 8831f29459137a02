#include "types/committable.hpp"

#include <gtest/gtest.h>

#include "common/hash.hpp"

namespace espresso {
namespace {

TEST(CommitmentBuilder, PrimitivesFeedTheDocumentedBytes) {
  // constant_str("T") ‖ u64_field("n", 1) ‖ var_size_bytes({9})
  Bytes expected{'T', 0xC0, 0x7F, 'n', 0xC0, 0x7F, 1, 0, 0, 0, 0, 0,
                 0,   0,    1,    0,   0,    0,    0, 0, 0, 0, 9};
  Hash32 built = CommitmentBuilder("T").u64_field("n", 1).var_size_bytes(Bytes{9}).finalize();
  EXPECT_EQ(built, keccak256(expected));
}

TEST(CommitmentBuilder, AbsentOptionalIsAZeroU64Field) {
  EXPECT_EQ(CommitmentBuilder("T").optional("f", nullptr).finalize(),
            CommitmentBuilder("T").u64_field("f", 0).finalize());
  Hash32 inner{};
  inner[0] = 1;
  EXPECT_EQ(CommitmentBuilder("T").optional("f", &inner).finalize(),
            CommitmentBuilder("T").field("f", inner).finalize());
}

TEST(CommitmentBuilder, ArrayFieldHasACount) {
  Hash32 a{}, b{};
  b[31] = 7;
  std::vector<Hash32> items{a, b};
  Bytes expected{'T', 0xC0, 0x7F, 'x', 0xC0, 0x7F, 2, 0, 0, 0, 0, 0, 0, 0};
  expected.insert(expected.end(), a.begin(), a.end());
  expected.insert(expected.end(), b.begin(), b.end());
  EXPECT_EQ(CommitmentBuilder("T").array_field("x", items).finalize(), keccak256(expected));
}

}  // namespace
}  // namespace espresso
