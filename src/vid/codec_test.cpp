#include "vid/codec.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "vid/dispersal.hpp"
#include "vid/test_support.hpp"

namespace espresso::vid {
namespace {

RC_GTEST_PROP(VidCodec, RoundTripsEveryValue, ()) {
  const auto payload = *testing::payload_gen(5000);
  const auto weights = *testing::weights_gen(8);
  const auto d = disperse(payload, weights).value();
  RC_ASSERT(decode_common(encode_common(d.common)).value() == d.common);
  for (const auto& share : d.shares) RC_ASSERT(decode_share(encode_share(share)).value() == share);
  const auto end = *rc::gen::inRange<std::uint64_t>(0, payload.size() + 1);
  const auto proof = prove_namespace(payload, d.common, 0, end).value();
  RC_ASSERT(decode_namespace_proof(encode_namespace_proof(proof)).value() == proof);
}

TEST(VidCodec, RejectsTruncatedAndTrailingBytes) {
  const std::vector<std::uint64_t> weights{1, 2, 3};
  const auto d = disperse(as_bytes("some payload bytes"), weights).value();
  const Bytes share = encode_share(d.shares[1]);
  for (std::size_t cut = 0; cut < share.size(); ++cut) {
    EXPECT_FALSE(decode_share(ByteView(share).first(cut))) << cut;
  }
  Bytes longer = share;
  longer.push_back(0);
  const auto error = decode_share(longer);
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().message,
            "vid share: unexpected 1 trailing bytes at offset " + std::to_string(share.size()));
}

TEST(VidCodec, ErrorsSayWhatWasExpected) {
  // node 0, first 0, count 1, data length 2^40: never allocated.
  Bytes bytes{0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0};
  const auto error = decode_share(bytes);
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().message,
            "vid share: share data: length prefix 1099511627776 at offset 8 exceeds the limit of "
            "67108864 bytes");
  Bytes proof(8 + 2 + 32, 0);
  proof.insert(proof.end(), {0x01, 0x10, 0, 0, 0, 0, 0, 0});  // left edge of 4097 bytes
  EXPECT_EQ(decode_namespace_proof(proof).error().message,
            "namespace proof: left edge: length prefix 4097 at offset 42 exceeds the limit of 4096 "
            "bytes");
  proof[8] = 0;  // k = 256: more than the 255 shares a dispersal can have
  proof[9] = 1;
  EXPECT_EQ(decode_namespace_proof(proof).error().message,
            "namespace proof: recovery threshold is 256, at most 255 allowed");
  Bytes shares{0, 0, 0, 0, 250, 0, 10, 0};  // shares [250, 260)
  EXPECT_EQ(decode_share(shares).error().message,
            "vid share: last share index is 260, at most 255 allowed");
}

}  // namespace
}  // namespace espresso::vid
