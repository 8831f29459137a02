#include "vid/commitment.hpp"

#include <gtest/gtest.h>

#include "common/hash.hpp"

namespace espresso::vid {
namespace {

TEST(PayloadCommitment, TextFormMatchesUpstreamHeaders) {
  // tests/vectors/espresso-v1/header.json, field "payload_commitment".
  const std::string upstream = "HASH~u-mEo1mwByROUhnvO7pBFitcD0UEvruK-b8WONkKoCLQ";
  const auto commitment = parse_commitment(upstream).value();
  EXPECT_EQ(commitment_to_string(commitment), upstream);
  EXPECT_FALSE(parse_commitment("TX~u-mEo1mwByROUhnvO7pBFitcD0UEvruK-b8WONkKoCLQ"));
  EXPECT_FALSE(parse_commitment("HASH~AAAA"));
}

TEST(PayloadCommitment, BindsEveryField) {
  Common base{1000, 3, {2, 2, 1}, sha256(as_bytes("shares")), sha256(as_bytes("chunks"))};
  const Hash32 commitment = payload_commitment(base);
  EXPECT_TRUE(verify_common(commitment, base));
  std::vector<Common> changed(5, base);
  changed[0].payload_len += 1;
  changed[1].recovery = 2;
  changed[2].share_counts = {2, 1, 2};
  changed[3].share_root[0] ^= 1;
  changed[4].payload_root[0] ^= 1;
  for (const auto& other : changed) EXPECT_FALSE(verify_common(commitment, other));
  Common bad = base;
  bad.recovery = 6;
  EXPECT_FALSE(verify_common(payload_commitment(bad), bad));  // k above the share count
}

}  // namespace
}  // namespace espresso::vid
