#include "common/units.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <utility>

#include "common/decimal.hpp"

namespace espresso {
namespace {

using boost::multiprecision::cpp_int;

std::string quote(std::string_view text) {
  constexpr std::size_t kMax = 100;
  if (text.size() <= kMax) return "\"" + std::string(text) + "\"";
  return "\"" + std::string(text.substr(0, kMax)) + "...\"";
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

cpp_int power(unsigned base, unsigned exponent) {
  cpp_int value = 1;
  for (unsigned i = 0; i < exponent; ++i) value *= base;
  return value;
}

const cpp_int& max_u256() {
  static const cpp_int value = power(2, 256) - 1;
  return value;
}

// --- amounts ---

constexpr std::string_view kAmountForms =
    "expected wei as a decimal or 0x-hex number, or \"<decimal> <unit>\" with unit wei, gwei or "
    "eth";

Result<U256> parse_hex_amount(std::string_view text, std::string_view digits) {
  if (digits.empty()) return fail("invalid amount " + quote(text) + ": no hex digits after 0x");
  cpp_int value = 0;
  for (char c : digits) {
    int nibble = -1;
    if (c >= '0' && c <= '9') nibble = c - '0';
    if (c >= 'a' && c <= 'f') nibble = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') nibble = c - 'A' + 10;
    if (nibble < 0) {
      return fail("invalid amount " + quote(text) + ": '" + std::string(1, c) +
                  "' is not a hex digit");
    }
    value = value * 16 + nibble;
    if (value > max_u256()) return fail("invalid amount " + quote(text) + ": above 2^256-1 wei");
  }
  return U256(value);
}

Result<unsigned> amount_unit_decimals(std::string_view unit) {
  static constexpr std::array<std::pair<std::string_view, unsigned>, 8> kUnits{{{"wei", 0},
                                                                                {"kwei", 3},
                                                                                {"mwei", 6},
                                                                                {"gwei", 9},
                                                                                {"szabo", 12},
                                                                                {"finney", 15},
                                                                                {"eth", 18},
                                                                                {"ether", 18}}};
  const std::string lower = lowercase(unit);
  for (const auto& [name, decimals] : kUnits) {
    if (lower == name) return decimals;
  }
  return fail("unknown unit \"" + std::string(unit) + "\" (use wei, gwei or eth)");
}

// --- byte sizes ---

Result<cpp_int> byte_unit_multiplier(std::string_view unit) {
  std::string lower = lowercase(unit);
  if (lower.empty() || lower == "b") return cpp_int(1);
  constexpr std::string_view kPrefixes = "kmgtpe";
  const auto prefix = kPrefixes.find(lower[0]);
  std::string_view rest = std::string_view(lower).substr(1);
  bool binary = false;
  if (rest.starts_with('i')) {
    binary = true;
    rest.remove_prefix(1);
  }
  if (prefix == std::string_view::npos || !(rest.empty() || rest == "b")) {
    return fail("unknown unit \"" + std::string(unit) +
                "\" (expected an SI prefix k, m, g, t, p or e, an optional 'i' and an optional "
                "'b', as in KiB, kb, MB, k)");
  }
  return power(binary ? 1024 : 1000, static_cast<unsigned>(prefix + 1));
}

// --- durations ---

struct DurationUnit {
  std::string_view name;
  std::int64_t nanoseconds;
};

constexpr std::int64_t kSecond = 1'000'000'000;
constexpr std::array<DurationUnit, 28> kDurationUnits{{
    {"ns", 1},
    {"us", 1'000},
    {"\xC2\xB5s", 1'000},  // µs
    {"ms", 1'000'000},
    {"s", kSecond},
    {"sec", kSecond},
    {"secs", kSecond},
    {"second", kSecond},
    {"seconds", kSecond},
    {"m", 60 * kSecond},
    {"min", 60 * kSecond},
    {"mins", 60 * kSecond},
    {"minute", 60 * kSecond},
    {"minutes", 60 * kSecond},
    {"h", 3600 * kSecond},
    {"hr", 3600 * kSecond},
    {"hrs", 3600 * kSecond},
    {"hour", 3600 * kSecond},
    {"hours", 3600 * kSecond},
    {"d", 86400 * kSecond},
    {"day", 86400 * kSecond},
    {"days", 86400 * kSecond},
    {"w", 7 * 86400 * kSecond},
    {"week", 7 * 86400 * kSecond},
    {"weeks", 7 * 86400 * kSecond},
    {"nsec", 1},
    {"usec", 1'000},
    {"msec", 1'000'000},
}};

bool is_unit_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

Result<U256> parse_amount(std::string_view text) {
  const std::string_view body = trim(text);
  if (body.empty()) return fail("invalid amount " + quote(text) + ": " + std::string(kAmountForms));
  if (body.starts_with("0x") || body.starts_with("0X"))
    return parse_hex_amount(text, body.substr(2));
  if (body.starts_with('-')) return fail("invalid amount " + quote(text) + ": cannot be negative");

  auto number = parse_decimal_prefix(body, DecimalSyntax{});
  if (!number) {
    return fail("invalid amount " + quote(text) + ": " + number.error().message + "; " +
                std::string(kAmountForms));
  }
  const std::string_view rest = body.substr(number->length);
  std::string_view unit = "wei";
  if (!rest.empty()) {
    if (!is_space(rest.front())) {
      return fail("invalid amount " + quote(text) + ": unexpected \"" + std::string(rest) +
                  "\" after the number (put a space before the unit); " +
                  std::string(kAmountForms));
    }
    unit = trim(rest);
  }
  auto decimals = amount_unit_decimals(unit);
  if (!decimals) return fail("invalid amount " + quote(text) + ": " + decimals.error().message);
  auto wei = scale_decimal(number->number, power(10, *decimals), max_u256(), Rounding::kExact);
  if (!wei) {
    return fail("invalid amount " + quote(text) + ": " +
                (wei.error().message.starts_with("the result is not") ? "not a whole number of wei"
                                                                      : "above 2^256-1 wei"));
  }
  return U256(*wei);
}

Result<U256> amount_from_integer(std::int64_t wei) {
  if (wei < 0) return fail("invalid amount " + std::to_string(wei) + ": cannot be negative");
  return U256(static_cast<std::uint64_t>(wei));
}

Result<std::uint64_t> parse_byte_size(std::string_view text) {
  const std::string_view body = trim(text);
  if (body.starts_with('-'))
    return fail("invalid byte size " + quote(text) + ": cannot be negative");
  auto number =
      parse_decimal_prefix(body, DecimalSyntax{.allow_underscores = true, .allow_exponent = true});
  if (!number) {
    return fail("invalid byte size " + quote(text) + ": " + number.error().message +
                " followed by an optional unit such as KiB, kb, MB or k");
  }
  auto multiplier = byte_unit_multiplier(trim(body.substr(number->length)));
  if (!multiplier)
    return fail("invalid byte size " + quote(text) + ": " + multiplier.error().message);
  auto bytes =
      scale_decimal(number->number, *multiplier, cpp_int(std::numeric_limits<std::uint64_t>::max()),
                    Rounding::kNearest);
  if (!bytes) return fail("invalid byte size " + quote(text) + ": above 2^64-1 bytes");
  return static_cast<std::uint64_t>(*bytes);
}

Result<std::uint64_t> byte_size_from_integer(std::int64_t bytes) {
  if (bytes < 0) return fail("invalid byte size " + std::to_string(bytes) + ": cannot be negative");
  return static_cast<std::uint64_t>(bytes);
}

Result<std::chrono::nanoseconds> parse_duration(std::string_view text) {
  const auto error = [&](const std::string& what) {
    return fail("invalid duration " + quote(text) + ": " + what +
                " (expected e.g. 50ms, 10s, 2m, 1.5h, 7d or 1h30m)");
  };
  std::string_view rest = trim(text);
  if (rest == "0") return std::chrono::nanoseconds(0);
  if (rest.empty()) return error("empty");
  const cpp_int max = std::numeric_limits<std::int64_t>::max();
  cpp_int total = 0;
  while (!rest.empty()) {
    auto number = parse_decimal_prefix(rest, DecimalSyntax{});
    if (!number) return error(number.error().message + " at \"" + std::string(rest) + "\"");
    rest.remove_prefix(number->length);
    while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
    std::size_t unit_length = 0;
    while (unit_length < rest.size() && is_unit_char(rest[unit_length])) ++unit_length;
    const std::string_view unit = rest.substr(0, unit_length);
    if (unit.empty()) return error("missing unit after the number");
    const auto* found = std::ranges::find(kDurationUnits, unit, &DurationUnit::name);
    if (found == kDurationUnits.end()) return error("unknown unit \"" + std::string(unit) + "\"");
    auto part = scale_decimal(number->number, found->nanoseconds, max, Rounding::kNearest);
    if (!part) return error("too long");
    total += *part;
    if (total > max) return error("too long");
    rest = trim(rest.substr(unit_length));
  }
  return std::chrono::nanoseconds(static_cast<std::int64_t>(total));
}

std::string format_duration(std::chrono::nanoseconds duration) {
  if (duration.count() == 0) return "0s";
  std::string out;
  // Magnitude as unsigned so the most negative value does not overflow. A '-' form is not readable
  // by parse_duration; it only shows a bad state.
  std::uint64_t left = static_cast<std::uint64_t>(duration.count());
  if (duration.count() < 0) {
    out = "-";
    left = ~left + 1;
  }
  static constexpr std::array<DurationUnit, 7> kParts{{{"d", 86400 * kSecond},
                                                       {"h", 3600 * kSecond},
                                                       {"m", 60 * kSecond},
                                                       {"s", kSecond},
                                                       {"ms", 1'000'000},
                                                       {"us", 1'000},
                                                       {"ns", 1}}};
  for (const auto& [name, size] : kParts) {
    const auto unit = static_cast<std::uint64_t>(size);
    if (left >= unit) {
      out += std::to_string(left / unit) + std::string(name);
      left %= unit;
    }
  }
  return out;
}

}  // namespace espresso
