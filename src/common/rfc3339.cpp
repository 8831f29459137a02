#include "common/rfc3339.hpp"

#include <chrono>
#include <cstdio>

namespace espresso {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// Reads exactly `count` digits at `pos`; -1 when they are not all digits.
int read_digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

Result<std::int64_t> parse_rfc3339(std::string_view text) {
  const auto error = [&](const std::string& what) {
    return fail("invalid RFC 3339 timestamp \"" + std::string(text) + "\": " + what +
                " (expected e.g. 2024-09-17T16:00:00Z or 2024-09-17T18:00:00+02:00)");
  };
  // Fixed layout up to the seconds: YYYY-MM-DDTHH:MM:SS
  if (text.size() < 20) return error("too short");
  const int year = read_digits(text, 0, 4);
  const int month = read_digits(text, 5, 2);
  const int day = read_digits(text, 8, 2);
  const int hour = read_digits(text, 11, 2);
  const int minute = read_digits(text, 14, 2);
  const int second = read_digits(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || text[4] != '-' ||
      text[7] != '-' || text[13] != ':' || text[16] != ':') {
    return error("not in the form YYYY-MM-DDTHH:MM:SS");
  }
  if (text[10] != 'T' && text[10] != 't') return error("expected 'T' between date and time");
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return error("no such date");
  if (hour > 23 || minute > 59) return error("no such time of day");
  if (second > 59) return error("seconds above 59 (leap seconds are not supported)");

  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t start = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return error("expected digits after '.'");
  }
  std::int64_t offset_seconds = 0;
  const std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    // UTC
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    const int offset_hours = read_digits(zone, 1, 2);
    const int offset_minutes = read_digits(zone, 4, 2);
    if (offset_hours < 0 || offset_minutes < 0 || offset_hours > 23 || offset_minutes > 59) {
      return error("bad UTC offset \"" + std::string(zone) + "\"");
    }
    offset_seconds = (offset_hours * 3600 + offset_minutes * 60) * (zone[0] == '-' ? -1 : 1);
  } else {
    return error(zone.empty() ? "missing time zone ('Z' or an offset like +02:00)"
                              : "bad time zone \"" + std::string(zone) + "\"");
  }
  const std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  return days * kSecondsPerDay + hour * 3600 + minute * 60 + second - offset_seconds;
}

Result<std::string> format_rfc3339(std::int64_t unix_seconds) {
  constexpr std::int64_t kFirst = -62167219200;  // 0000-01-01T00:00:00Z
  constexpr std::int64_t kLast = 253402300799;   // 9999-12-31T23:59:59Z
  if (unix_seconds < kFirst || unix_seconds > kLast) {
    return fail("Unix time " + std::to_string(unix_seconds) +
                " is outside the years 0000-9999 that RFC 3339 can show");
  }
  // Floor division so times before 1970 land on the right day.
  std::int64_t days = unix_seconds / kSecondsPerDay;
  std::int64_t rest = unix_seconds % kSecondsPerDay;
  if (rest < 0) {
    rest += kSecondsPerDay;
    --days;
  }
  const std::chrono::year_month_day date{std::chrono::sys_days(std::chrono::days(days))};
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(rest / 3600),
                static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  return std::string(buffer);
}

}  // namespace espresso
