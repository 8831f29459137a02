#include "consensus/test_blocks.hpp"

#include <gtest/gtest.h>

#include "consensus/avid_vid.hpp"

namespace espresso::consensus {
namespace {

const Version kVersion{0, 1};

Leaf child_of(const Leaf& parent, std::size_t header_payload_size) {
  const Commitment payload_commitment = FakeVid{}.commit(Bytes(7, 1), 4);
  return Leaf{parent.view + 1, parent.height + 1, parent.commitment(), payload_commitment,
              encode_test_header(parent, parent.view + 1, kVersion, payload_commitment,
                                 header_payload_size)};
}

TEST(TestBlockValidator, ChecksThePayloadSizeTheReplicaKnows) {
  const TestBlockValidator validator;
  const Leaf parent = genesis_leaf();
  EXPECT_TRUE(validator.validate(parent, child_of(parent, 7), kVersion, 7));
  const Status wrong = validator.validate(parent, child_of(parent, 8), kVersion, 7);
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("payload size 7"), std::string::npos);
  EXPECT_EQ(test_header_payload_size(child_of(parent, 8).header), 8u);
  EXPECT_EQ(test_header_payload_size(as_bytes("hdr")), std::nullopt);
}

TEST(VidPayloadSize, FakeAndAvidSharesStateThePayloadLength) {
  const Bytes payload(1000, 0x5a);
  const auto fake = FakeVid{}.disperse(payload, 4);
  EXPECT_EQ(FakeVid{}.payload_size(fake.shares[2]), 1000u);

  const auto avid = make_avid_vid({1, 2, 3, 4});
  const auto dispersal = avid->disperse(payload, 4);
  for (std::size_t node = 0; node < 4; ++node) {
    ASSERT_TRUE(avid->verify_share(dispersal.commitment, static_cast<NodeIndex>(node),
                                   dispersal.shares[node], 4));
    EXPECT_EQ(avid->payload_size(dispersal.shares[node]), 1000u);
  }
  EXPECT_EQ(avid->payload_size(Bytes{1, 2}), std::nullopt);
  EXPECT_EQ(avid->payload_size(avid->disperse({}, 4).shares[0]), 0u);
}

TEST(TestBlockBuilder, LeavesOutWhatDoesNotFitAndSaysWhichItTook) {
  TestBlockBuilder builder(8 + 300 + 8 + 10);
  const std::vector<Bytes> transactions{Bytes(300, 1), Bytes(300, 2), Bytes(10, 3), Bytes(1, 4)};
  const auto built = builder.build_block_payload(transactions);
  EXPECT_EQ(built.included, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(built.payload.size(), 8u + 300 + 8 + 10);
  // Without a cap every transaction goes in.
  EXPECT_EQ(TestBlockBuilder{}.build_block_payload(transactions).included.size(), 4u);
}

}  // namespace
}  // namespace espresso::consensus
