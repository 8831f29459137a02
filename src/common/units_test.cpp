#include "common/units.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace espresso {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

U256 pow10(int n) {
  U256 value = 1;
  for (int i = 0; i < n; ++i) value *= 10;
  return value;
}

const U256 kMaxU256 = ~U256(0);

// Examples from the seed operator guide ([chain_config] base_fee, [accounts]) and edge cases.
TEST(Amount, GuideExamples) {
  EXPECT_EQ(*parse_amount("1 wei"), U256(1));
  EXPECT_EQ(*parse_amount("0xabcdef"), U256(0xabcdef));
  EXPECT_EQ(*parse_amount("1 eth"), pow10(18));
  EXPECT_EQ(*parse_amount("100000"), U256(100000));
  EXPECT_EQ(*amount_from_integer(100000), U256(100000));
}

TEST(Amount, UnitsAndFractions) {
  EXPECT_EQ(*parse_amount("1.5 gwei"), U256(1'500'000'000));
  EXPECT_EQ(*parse_amount("0.1 eth"), pow10(17));
  EXPECT_EQ(*parse_amount("2 GWEI"), U256(2'000'000'000));
  EXPECT_EQ(*parse_amount("3 Ether"), 3 * pow10(18));
  EXPECT_EQ(*parse_amount("1.00 wei"), U256(1));  // trailing zeros keep it whole
  EXPECT_FALSE(parse_amount("1.50 wei"));
  EXPECT_EQ(*parse_amount("7  kwei"), U256(7000));
  EXPECT_EQ(*parse_amount("0"), U256(0));
  EXPECT_EQ(*parse_amount("0x0"), U256(0));
  EXPECT_EQ(*parse_amount("0XFF"), U256(255));
}

TEST(Amount, Limits) {
  const std::string max_hex = "0x" + std::string(64, 'f');
  EXPECT_EQ(*parse_amount(max_hex), kMaxU256);
  EXPECT_EQ(*parse_amount("0x" + std::string(10, '0') + std::string(64, 'f')), kMaxU256);
  EXPECT_EQ(*parse_amount(to_decimal(kMaxU256)), kMaxU256);
  EXPECT_FALSE(parse_amount("0x1" + std::string(64, '0')));
  EXPECT_FALSE(parse_amount(
      "115792089237316195423570985008687907853269984665640564039457584007913129639936"));
  EXPECT_FALSE(parse_amount("1000000000000000000000000000000000000000000000000000000000000 eth"));
}

TEST(Amount, ErrorsQuoteTheInputAndSayWhy) {
  const std::pair<const char*, const char*> cases[] = {
      {"0.5 wei", "not a whole number"},
      {"-1", "negative"},
      {"1 btc", "unknown unit \"btc\""},
      {"1eth", "put a space before the unit"},
      {"", "expected wei"},
      {"eth", "expected a number"},
      {"0x", "no hex digits"},
      {"0x12g", "'g' is not a hex digit"},
      {"1.2.3", "after the number"},
      {"0x10000000000000000000000000000000000000000000000000000000000000000", "above 2^256-1"},
  };
  for (const auto& [text, reason] : cases) {
    auto result = parse_amount(text);
    ASSERT_FALSE(result) << text;
    EXPECT_TRUE(contains(result.error().message, reason)) << result.error().message;
    EXPECT_TRUE(contains(result.error().message, "\"" + std::string(text) + "\""))
        << result.error().message;
  }
  EXPECT_TRUE(contains(amount_from_integer(-5).error().message, "negative"));
}

RC_GTEST_PROP(Amount, DecimalTextRoundTrips, (std::uint64_t a, std::uint64_t b)) {
  const U256 value = (U256(a) << 128) + b;
  RC_ASSERT(*parse_amount(to_decimal(value)) == value);
  RC_ASSERT(*parse_amount(std::to_string(b) + " gwei") == U256(b) * 1'000'000'000);
}

// Examples from the guide ([chain_config] max_block_size: "1mb"; "KiB, kb, KB, k" are valid).
TEST(ByteSize, GuideExamples) {
  EXPECT_EQ(*parse_byte_size("1mb"), 1'000'000u);
  EXPECT_EQ(*parse_byte_size("1MB"), 1'000'000u);
  EXPECT_EQ(*parse_byte_size("1KiB"), 1024u);
  EXPECT_EQ(*parse_byte_size("1kb"), 1000u);
  EXPECT_EQ(*parse_byte_size("1KB"), 1000u);
  EXPECT_EQ(*parse_byte_size("1k"), 1000u);
  EXPECT_EQ(*parse_byte_size("10 MiB"), 10u << 20);
  EXPECT_EQ(*byte_size_from_integer(30000), 30000u);
}

TEST(ByteSize, AllPrefixesAndForms) {
  EXPECT_EQ(*parse_byte_size("123"), 123u);
  EXPECT_EQ(*parse_byte_size("5b"), 5u);
  EXPECT_EQ(*parse_byte_size("2ki"), 2048u);
  EXPECT_EQ(*parse_byte_size("1 g"), 1'000'000'000u);
  EXPECT_EQ(*parse_byte_size("1GiB"), 1u << 30);
  EXPECT_EQ(*parse_byte_size("1T"), 1'000'000'000'000u);
  EXPECT_EQ(*parse_byte_size("1 PiB"), 1ull << 50);
  EXPECT_EQ(*parse_byte_size("1eb"), 1'000'000'000'000'000'000u);
  EXPECT_EQ(*parse_byte_size("1e"), 1'000'000'000'000'000'000u);
  EXPECT_EQ(*parse_byte_size("15EiB"), 15ull << 60);
  EXPECT_EQ(*parse_byte_size("0.2 MiB"), 209715u);  // rounded to nearest, as parse-size
  EXPECT_EQ(*parse_byte_size("2.5B"), 3u);
  EXPECT_EQ(*parse_byte_size("14.2e+8"), 1'420'000'000u);
  EXPECT_EQ(*parse_byte_size("1e3"), 1000u);
  EXPECT_EQ(*parse_byte_size("1_000_000"), 1'000'000u);
  EXPECT_EQ(*parse_byte_size("18446744073709551615"), ~0ull);
}

TEST(ByteSize, Errors) {
  const std::pair<const char*, const char*> cases[] = {
      {"16EiB", "above 2^64-1"},   {"18446744073709551616", "above 2^64-1"},
      {"1 xb", "unknown unit"},    {"1kk", "unknown unit"},
      {"1 kbb", "unknown unit"},   {"-1k", "negative"},
      {"mb", "expected a number"}, {"", "expected a number"},
      {"1__000", "unknown unit"},  {"1 ib", "unknown unit"}};
  for (const auto& [text, reason] : cases) {
    auto result = parse_byte_size(text);
    ASSERT_FALSE(result) << text;
    EXPECT_TRUE(contains(result.error().message, reason)) << result.error().message;
    EXPECT_TRUE(contains(result.error().message, "\"" + std::string(text) + "\""));
  }
  EXPECT_FALSE(byte_size_from_integer(-1));
}

// Examples from the guide (pruner retention 1d / 7d, fetch rate limit 50ms, stream delay 100ms).
TEST(Duration, GuideExamples) {
  EXPECT_EQ(*parse_duration("1d"), hours(24));
  EXPECT_EQ(*parse_duration("7d"), hours(24 * 7));
  EXPECT_EQ(*parse_duration("50ms"), milliseconds(50));
  EXPECT_EQ(*parse_duration("100ms"), milliseconds(100));
}

TEST(Duration, FormsAndUnits) {
  EXPECT_EQ(*parse_duration("10s"), seconds(10));
  EXPECT_EQ(*parse_duration("2m"), minutes(2));
  EXPECT_EQ(*parse_duration("1.5h"), minutes(90));
  EXPECT_EQ(*parse_duration("1h30m"), minutes(90));
  EXPECT_EQ(*parse_duration("2m 10s"), seconds(130));
  EXPECT_EQ(*parse_duration("3 hours"), hours(3));
  EXPECT_EQ(*parse_duration("1w"), hours(24 * 7));
  EXPECT_EQ(*parse_duration("250us"), nanoseconds(250'000));
  EXPECT_EQ(*parse_duration("250\xC2\xB5s"), nanoseconds(250'000));
  EXPECT_EQ(*parse_duration("7ns"), nanoseconds(7));
  EXPECT_EQ(*parse_duration("0"), nanoseconds(0));
  EXPECT_EQ(*parse_duration("0s"), nanoseconds(0));
  EXPECT_EQ(*parse_duration("0.0000000004s"), nanoseconds(0));
}

TEST(Duration, Errors) {
  const std::pair<const char*, const char*> cases[] = {
      {"10", "missing unit"},           {"", "empty"},
      {"5 fortnights", "unknown unit"}, {"1D", "unknown unit"},
      {"h", "expected a number"},       {"1h 2", "missing unit"},
      {"300y", "unknown unit"},         {"-1s", "expected a number"},
      {"200000d", "too long"}};
  for (const auto& [text, reason] : cases) {
    auto result = parse_duration(text);
    ASSERT_FALSE(result) << text;
    EXPECT_TRUE(contains(result.error().message, reason)) << result.error().message;
    EXPECT_TRUE(contains(result.error().message, "\"" + std::string(text) + "\""));
  }
}

TEST(Duration, Formats) {
  EXPECT_EQ(format_duration(nanoseconds(0)), "0s");
  EXPECT_EQ(format_duration(milliseconds(50)), "50ms");
  EXPECT_EQ(format_duration(minutes(90)), "1h30m");
  EXPECT_EQ(format_duration(hours(24 * 7) + seconds(1)), "7d1s");
  EXPECT_EQ(format_duration(nanoseconds(std::numeric_limits<std::int64_t>::min())).front(), '-');
}

RC_GTEST_PROP(Duration, FormatParsesBack, (std::int64_t count)) {
  const nanoseconds value(
      count == std::numeric_limits<std::int64_t>::min() ? 0 : (count < 0 ? -count : count));
  RC_ASSERT(*parse_duration(format_duration(value)) == value);
}

RC_GTEST_PROP(Units, ParsersNeverCrash, (const std::string& text)) {
  // Only the absence of crashes and hangs matters here; results may be either.
  (void)parse_amount(text);
  (void)parse_byte_size(text);
  (void)parse_duration(text);
  RC_SUCCEED();
}

}  // namespace
}  // namespace espresso
