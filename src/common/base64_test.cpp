#include "common/base64.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace espresso {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// RFC 4648 section 10 test vectors.
TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {{"", ""},
                                                       {"f", "Zg=="},
                                                       {"fo", "Zm8="},
                                                       {"foo", "Zm9v"},
                                                       {"foob", "Zm9vYg=="},
                                                       {"fooba", "Zm9vYmE="},
                                                       {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(base64_encode(as_bytes(plain)), encoded);
    auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, to_bytes(as_bytes(plain)));
  }
}

TEST(Base64, UrlSafeHasNoPaddingAndOtherAlphabet) {
  const Bytes bytes{0xfb, 0xff, 0xbf};
  EXPECT_EQ(base64_encode(bytes), "+/+/");
  EXPECT_EQ(base64_encode(bytes, Base64Alphabet::kUrlSafeUnpadded), "-_-_");
  EXPECT_EQ(base64_encode(as_bytes("f"), Base64Alphabet::kUrlSafeUnpadded), "Zg");
  EXPECT_EQ(*base64_decode("Zg", Base64Alphabet::kUrlSafeUnpadded), to_bytes(as_bytes("f")));
  EXPECT_EQ(*base64_decode("-_-_", Base64Alphabet::kUrlSafeUnpadded), bytes);
}

// The upstream ns_table.json bytes (tests/vectors/espresso-v1).
TEST(Base64, DecodesUpstreamNsTable) {
  auto bytes = base64_decode("AwAAAO7/wAAcBgAAobC5EkAOAABksAWiXBQAAA==");
  ASSERT_TRUE(bytes);
  ASSERT_EQ(bytes->size(), 28u);
  EXPECT_EQ((*bytes)[0], 3);
  EXPECT_EQ(base64_encode(*bytes), "AwAAAO7/wAAcBgAAobC5EkAOAABksAWiXBQAAA==");
}

TEST(Base64, RejectsMalformedText) {
  const std::pair<const char*, const char*> standard[] = {
      {"Zg", "multiple of 4"},     {"Zg=", "multiple of 4"}, {"Z===", "too much"},
      {"Zm9v\n", "multiple of 4"}, {"Zm 9", "' '"},          {"Zm-v", "'-'"},
      {"Zh==", "unused bits"},     {"Zm9=Zm9v", "'='"},      {"Zm8=Zm8=", "'='"}};
  for (const auto& [text, reason] : standard) {
    auto result = base64_decode(text);
    ASSERT_FALSE(result) << text;
    EXPECT_TRUE(contains(result.error().message, reason)) << result.error().message;
    EXPECT_TRUE(contains(result.error().message, "\"" + std::string(text) + "\""))
        << result.error().message;
  }
  const std::pair<const char*, const char*> url[] = {
      {"Zg==", "padding"}, {"Z", "dangling"}, {"Zh", "unused bits"}, {"Zm+v", "'+'"}};
  for (const auto& [text, reason] : url) {
    auto result = base64_decode(text, Base64Alphabet::kUrlSafeUnpadded);
    ASSERT_FALSE(result) << text;
    EXPECT_TRUE(contains(result.error().message, reason)) << result.error().message;
  }
}

// Inputs larger than one OpenSSL chunk (3 MiB) are split; the result must not show the seams.
TEST(Base64, LargeInputsSpanChunks) {
  Bytes bytes((3u << 20) * 2 + 5);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 131 + 7);
  for (auto alphabet : {Base64Alphabet::kStandardPadded, Base64Alphabet::kUrlSafeUnpadded}) {
    const std::string text = base64_encode(bytes, alphabet);
    EXPECT_EQ(text.find('=', 0),
              alphabet == Base64Alphabet::kStandardPadded ? text.size() - 1 : std::string::npos);
    auto decoded = base64_decode(text, alphabet);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, bytes);
  }
}

RC_GTEST_PROP(Base64, RoundTripsBothAlphabets, (const std::vector<std::uint8_t>& bytes)) {
  for (auto alphabet : {Base64Alphabet::kStandardPadded, Base64Alphabet::kUrlSafeUnpadded}) {
    const std::string text = base64_encode(bytes, alphabet);
    auto decoded = base64_decode(text, alphabet);
    RC_ASSERT(decoded.has_value());
    RC_ASSERT(*decoded == bytes);
  }
}

RC_GTEST_PROP(Base64, DecodeNeverCrashesAndIsCanonical, (const std::string& text)) {
  for (auto alphabet : {Base64Alphabet::kStandardPadded, Base64Alphabet::kUrlSafeUnpadded}) {
    auto decoded = base64_decode(text, alphabet);
    // Strict decoding: whatever decodes re-encodes to the same text.
    if (decoded) RC_ASSERT(base64_encode(*decoded, alphabet) == text);
  }
}

}  // namespace
}  // namespace espresso
