#include "state/state_codec.hpp"

#include <gtest/gtest.h>

#include "state/test_chain.hpp"

namespace espresso {
namespace {

TEST(StateCodec, RoundTripsAStateAfterSomeBlocks) {
  const auto builder = state_test::test_key(1);
  state_test::TestChain chain(state_test::test_genesis(
      state_test::test_config(1),
      {{builder.address(), 10'000}, {state_test::test_key(2).address(), 3}}));
  const std::uint32_t namespaces[] = {1, 2};
  for (int i = 0; i < 5; ++i) {
    auto contents = state_test::make_contents(namespaces, 10 + i);
    auto block = chain.build(contents, builder).value();
    chain.append(block.header, block.state);
  }
  const Bytes bytes = encode_state(chain.tip_state());
  auto decoded = decode_state(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, chain.tip_state());
  EXPECT_EQ(decoded->fee_tree.entries(), chain.tip_state().fee_tree.entries());
  EXPECT_EQ(decoded->block_tree.prove_last(), chain.tip_state().block_tree.prove_last());

  // The decoded state builds the same next block.
  auto contents = state_test::make_contents(namespaces, 7);
  auto from_original = chain.build(contents, builder).value();
  auto from_decoded =
      build_next_header(*decoded, chain.tip(), contents, builder, chain.next_environment());
  ASSERT_TRUE(from_decoded);
  EXPECT_EQ(from_decoded->header, from_original.header);
}

TEST(StateCodec, RejectsEveryTruncationAndTrailingBytes) {
  const auto genesis = state_test::test_genesis(state_test::test_config(1),
                                                {{state_test::test_key(1).address(), 5}});
  const Bytes bytes = encode_state(genesis.state);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_state(ByteView(bytes).first(n))) << "prefix of " << n << " bytes";
  }
  Bytes longer = bytes;
  longer.push_back(0);
  EXPECT_FALSE(decode_state(longer));
  Bytes wrong_version = bytes;
  wrong_version[0] = 2;
  auto decoded = decode_state(wrong_version);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("format version 2"), std::string::npos);
}

}  // namespace
}  // namespace espresso
