#include "common/tagged_base64.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "common/hex.hpp"

namespace espresso {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Commitments from upstream Espresso (tests/vectors/espresso-v1/README.md and Merkle tree roots).
TEST(TaggedBase64, UpstreamVectorsRoundTrip) {
  const char* vectors[] = {
      "MERKLE_COMM~AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAQA",
      "MERKLE_COMM~AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAUAAAAAAAAAAAAAAAAAAAAKA",
      "HASH~u-mEo1mwByROUhnvO7pBFitcD0UEvruK-b8WONkKoCLQ",
      "TX~EikfLslj3g6sIWRZYpN6ZuU1gadN77AHXmRA56yNnPrQ",
      "NSTABLE~tMW0-hGn0563bgYgvsO9r95f2AUiTD_2tvjDOuGRwNA5",
      "L1BLOCK~4HpzluLK2Isz3RdPNvNrDAyQcWOF2c9JeLZzVNLmfpQ9",
      "CHAIN_CONFIG~L6HmMktJbvnEGgpmRrsiYvQmIBstSj9UtDM7eNFFqYFO",
      "FEE_INFO~xCCeTjJClBtwtOUrnAmT65LNTQGceuyjSJHUFfX6VRXR",
      "BLOCK~dh1KpdvvxSvnnPpOi2yI3DOg8h6ltr2Kv13iRzbQvtN2",
  };
  for (const char* text : vectors) {
    auto parsed = TaggedBase64::parse(text);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->to_string(), text);
  }
}

TEST(TaggedBase64, EncodesKnownMerkleCommitment) {
  // 32 zero bytes, then u64 LE 32 (height... as upstream serializes), then u64 LE 0.
  Bytes value(32, 0);
  value.push_back(32);
  value.resize(48, 0);
  const TaggedBase64 tb{"MERKLE_COMM", value};
  EXPECT_EQ(tb.to_string(),
            "MERKLE_COMM~AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAQA");
  EXPECT_EQ(TaggedBase64::checksum("MERKLE_COMM", value), 0x40);
}

TEST(TaggedBase64, ParsesTagAndValue) {
  auto parsed = TaggedBase64::parse("TX~EikfLslj3g6sIWRZYpN6ZuU1gadN77AHXmRA56yNnPrQ");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->tag, "TX");
  EXPECT_EQ(to_hex(parsed->value),
            "0x12291f2ec963de0eac21645962937a66e53581a74defb0075e6440e7ac8d9cfa");
}

TEST(TaggedBase64, EmptyTagAndEmptyValueAreAllowed) {
  const TaggedBase64 tb{"", {}};
  const std::string text = tb.to_string();
  EXPECT_EQ(text.front(), '~');
  auto parsed = TaggedBase64::parse(text);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, tb);
}

TEST(TaggedBase64, ParseExpectingChecksTheTag) {
  const std::string text = "TX~EikfLslj3g6sIWRZYpN6ZuU1gadN77AHXmRA56yNnPrQ";
  EXPECT_TRUE(TaggedBase64::parse_expecting(text, "TX"));
  auto wrong = TaggedBase64::parse_expecting(text, "BLOCK");
  ASSERT_FALSE(wrong);
  EXPECT_TRUE(contains(wrong.error().message, "expected tag \"BLOCK\", found \"TX\""));
  EXPECT_TRUE(contains(wrong.error().message, text));
}

TEST(TaggedBase64, ErrorsNameInputAndReason) {
  const std::pair<const char*, const char*> cases[] = {
      {"TXEikfLslj3g6sIWRZYpN6ZuU1gadN77AHXmRA56yNnPrQ", "missing '~'"},
      {"T.X~EikfLslj3g6sIWRZYpN6ZuU1gadN77AHXmRA56yNnPrQ", "tag may only"},
      {"TX~", "missing value"},
      {"TX~Eikf+slj3g6sIWRZYpN6ZuU1gadN77AHXmRA56yNnPrQ", "'+'"},
      {"TX~EikfLslj3g6sIWRZYpN6ZuU1gadN77AHXmRA56yNnPrQA", "dangling"},
      {"Zg~Zgh", "unused bits"},
      {"TX~FikfLslj3g6sIWRZYpN6ZuU1gadN77AHXmRA56yNnPrQ", "checksum mismatch"},
      {"BLOCK~EikfLslj3g6sIWRZYpN6ZuU1gadN77AHXmRA56yNnPrQ", "checksum mismatch"},
      {"TX~EikfLslj3g6sIWRZYpN6ZuU1gadN77AHXmRA56yNnPrQ==", "padding"},
  };
  for (const auto& [text, reason] : cases) {
    auto parsed = TaggedBase64::parse(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_TRUE(contains(parsed.error().message, reason)) << parsed.error().message;
    EXPECT_TRUE(contains(parsed.error().message, "\"" + std::string(text) + "\""))
        << parsed.error().message;
  }
}

RC_GTEST_PROP(TaggedBase64, RoundTrips, (const std::vector<std::uint8_t>& value)) {
  const std::string tag =
      *rc::gen::container<std::string>(rc::gen::elementOf(std::string("ABCXYZabcxyz0189-_")));
  const TaggedBase64 tb{tag, value};
  auto parsed = TaggedBase64::parse(tb.to_string());
  RC_ASSERT(parsed.has_value());
  RC_ASSERT(*parsed == tb);
}

RC_GTEST_PROP(TaggedBase64, SingleCharacterChangesAreDetectedOrHarmless, ()) {
  const auto value =
      *rc::gen::container<std::vector<std::uint8_t>>(rc::gen::arbitrary<std::uint8_t>());
  const TaggedBase64 tb{"TAG", value};
  std::string text = tb.to_string();
  const auto pos = *rc::gen::inRange<std::size_t>(0, text.size());
  text[pos] = *rc::gen::elementOf(std::string("AbZ09-_~."));
  auto parsed = TaggedBase64::parse(text);
  // Parsing never crashes; anything accepted re-encodes to exactly the text.
  if (parsed) RC_ASSERT(parsed->to_string() == text);
}

}  // namespace
}  // namespace espresso
