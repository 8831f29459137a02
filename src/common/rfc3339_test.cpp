#include "common/rfc3339.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace espresso {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Examples from the seed operator guide ([header] timestamp, [[upgrade]] time windows).
TEST(Rfc3339, GuideExamples) {
  EXPECT_EQ(*parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*parse_rfc3339("2024-09-17T16:00:00Z"), 1726588800);
  EXPECT_EQ(*parse_rfc3339("2024-09-18T16:00:00Z"), 1726675200);
}

TEST(Rfc3339, OffsetsFractionsAndCase) {
  EXPECT_EQ(*parse_rfc3339("2024-09-17T18:00:00+02:00"), 1726588800);
  EXPECT_EQ(*parse_rfc3339("2024-09-17T11:30:00-04:30"), 1726588800);
  EXPECT_EQ(*parse_rfc3339("2024-09-17t16:00:00z"), 1726588800);
  EXPECT_EQ(*parse_rfc3339("2024-09-17T16:00:00.999999999Z"), 1726588800);
  EXPECT_EQ(*parse_rfc3339("1969-12-31T23:59:59.5Z"), -1);
  EXPECT_EQ(*parse_rfc3339("2000-02-29T00:00:00Z"), 951782400);
  EXPECT_EQ(*parse_rfc3339("0000-01-01T00:00:00Z"), -62167219200);
  EXPECT_EQ(*parse_rfc3339("9999-12-31T23:59:59Z"), 253402300799);
}

TEST(Rfc3339, Errors) {
  const std::pair<const char*, const char*> cases[] = {
      {"2023-02-29T00:00:00Z", "no such date"},
      {"2023-13-01T00:00:00Z", "no such date"},
      {"2023-01-01T24:00:00Z", "no such time"},
      {"2023-01-01T23:59:60Z", "leap seconds"},
      {"2023-01-01T00:00:00", "too short"},
      {"2023-01-01T00:00:00+0200", "bad time zone"},
      {"2023-01-01T00:00:00+25:00", "bad UTC offset"},
      {"2023-01-01 00:00:00Z", "expected 'T'"},
      {"2023/01/01T00:00:00Z", "not in the form"},
      {"2023-01-01T00:00:00.Z", "digits after '.'"},
      {"1726588800", "too short"},
      {"2023-01-01T00:00:00.5", "missing time zone"},
  };
  for (const auto& [text, reason] : cases) {
    auto result = parse_rfc3339(text);
    ASSERT_FALSE(result) << text;
    EXPECT_TRUE(contains(result.error().message, reason)) << result.error().message;
    EXPECT_TRUE(contains(result.error().message, "\"" + std::string(text) + "\""));
  }
}

TEST(Rfc3339, Formats) {
  EXPECT_EQ(*format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(*format_rfc3339(1726588800), "2024-09-17T16:00:00Z");
  EXPECT_EQ(*format_rfc3339(-1), "1969-12-31T23:59:59Z");
  EXPECT_FALSE(format_rfc3339(253402300800));
  EXPECT_FALSE(format_rfc3339(std::numeric_limits<std::int64_t>::min()));
}

RC_GTEST_PROP(Rfc3339, FormatParsesBack, ()) {
  const auto seconds = *rc::gen::inRange<std::int64_t>(-62167219200, 253402300800);
  RC_ASSERT(*parse_rfc3339(*format_rfc3339(seconds)) == seconds);
}

RC_GTEST_PROP(Rfc3339, ParseNeverCrashes, (const std::string& text)) {
  auto parsed = parse_rfc3339(text);
  if (parsed) RC_ASSERT(format_rfc3339(*parsed).has_value());
}

}  // namespace
}  // namespace espresso
