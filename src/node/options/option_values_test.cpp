#include "node/options/option_values.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace espresso {
namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(OptionValues, Booleans) {
  for (const char* yes : {"true", "TRUE", "1", "yes", "on", " true "}) {
    EXPECT_EQ(parse_bool_text(yes), true) << yes;
  }
  for (const char* no : {"false", "False", "0", "no", "off"}) {
    EXPECT_EQ(parse_bool_text(no), false) << no;
  }
  auto bad = parse_bool_text("maybe");
  ASSERT_FALSE(bad);
  EXPECT_TRUE(contains(bad.error().message, "\"maybe\""));
}

TEST(OptionValues, UnsignedInRange) {
  EXPECT_EQ(parse_unsigned_in_range("0", 0, 10), 0u);
  EXPECT_EQ(parse_unsigned_in_range("10", 0, 10), 10u);
  for (const char* bad : {"", "11", "-1", "+1", " 1", "1 ", "1.0", "0x1", "99999999999999999999"}) {
    auto parsed = parse_unsigned_in_range(bad, 0, 10);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_TRUE(contains(parsed.error().message, "from 0 to 10")) << parsed.error().message;
  }
  EXPECT_FALSE(parse_unsigned_in_range("0", 1, 10));
}

RC_GTEST_PROP(OptionValues, UnsignedRoundTrips, (std::uint64_t value)) {
  RC_ASSERT(parse_unsigned_in_range(std::to_string(value), 0, UINT64_MAX) == value);
  if (value > 0) RC_ASSERT(!parse_unsigned_in_range(std::to_string(value), 0, value - 1));
}

TEST(OptionValues, Decimals) {
  EXPECT_EQ(parse_decimal_in_range("40.417300", -90, 90), 40.4173);
  EXPECT_EQ(parse_decimal_in_range("-82.9071", -180, 180), -82.9071);
  EXPECT_EQ(parse_decimal_in_range("+1.5", -2, 2), 1.5);
  for (const char* bad : {"", "abc", "1e5", "nan", "inf", "90.0001", "1,5", "1.5x"}) {
    EXPECT_FALSE(parse_decimal_in_range(bad, -90, 90)) << bad;
  }
}

TEST(OptionValues, Urls) {
  EXPECT_EQ(parse_web_url("http://localhost:8080"), "http://localhost:8080");
  EXPECT_EQ(parse_web_url("HTTPS://user@host/path?q"), "HTTPS://user@host/path?q");
  for (const char* bad : {"localhost:8080", "ftp://h", "http://", "http:// h", "http://:80", ""}) {
    auto parsed = parse_web_url(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_TRUE(contains(parsed.error().message, "http/https URL")) << parsed.error().message;
  }
  EXPECT_TRUE(parse_url_text("wss://l1:8546", {"ws", "wss"}));
  EXPECT_FALSE(parse_url_text("http://l1:8546", {"ws", "wss"}));
}

TEST(OptionValues, UrlLists) {
  EXPECT_EQ(parse_web_url_list(""), std::vector<std::string>{});
  EXPECT_EQ(parse_web_url_list(" http://a , https://b:1/x "),
            (std::vector<std::string>{"http://a", "https://b:1/x"}));
  EXPECT_FALSE(parse_web_url_list("http://a,"));
  EXPECT_FALSE(parse_web_url_list("http://a,b"));
}

TEST(OptionValues, CountryCodes) {
  EXPECT_EQ(parse_country_code("us"), "US");
  EXPECT_EQ(parse_country_code("DE"), "DE");
  for (const char* bad : {"", "U", "USA", "U1", "\xc3\xa9s"}) EXPECT_FALSE(parse_country_code(bad));
}

}  // namespace
}  // namespace espresso
