#include "node/options/option_values.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace espresso {
namespace {

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

bool has_blank(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isspace(c) || std::iscntrl(c); });
}

}  // namespace

Result<bool> parse_bool_text(std::string_view text) {
  const std::string value = lower(trim(text));
  if (value == "true" || value == "1" || value == "yes" || value == "on") return true;
  if (value == "false" || value == "0" || value == "no" || value == "off") return false;
  return fail("expected true or false, got " + quoted(text));
}

Result<std::uint64_t> parse_unsigned_in_range(std::string_view text, std::uint64_t min,
                                              std::uint64_t max) {
  const auto expected = [&] {
    return "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
           ", got " + quoted(text);
  };
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end) return fail(expected());
  if (value < min || value > max) return fail(expected());
  return value;
}

Result<double> parse_decimal_in_range(std::string_view text, double min, double max) {
  const auto expected = [&] {
    std::string range = std::to_string(min) + " to " + std::to_string(max);
    return "expected a decimal number from " + range + ", got " + quoted(text);
  };
  double value = 0;
  std::string_view body = text;
  if (!body.empty() && body.front() == '+') body.remove_prefix(1);  // from_chars rejects '+'
  const char* end = body.data() + body.size();
  auto [ptr, ec] = std::from_chars(body.data(), end, value, std::chars_format::fixed);
  if (body.empty() || ec != std::errc{} || ptr != end || !std::isfinite(value)) {
    return fail(expected());
  }
  if (value < min || value > max) return fail(expected());
  return value;
}

Result<std::string> parse_url_text(std::string_view text,
                                   std::initializer_list<std::string_view> schemes) {
  std::string names;
  for (std::string_view scheme : schemes) names += (names.empty() ? "" : "/") + std::string(scheme);
  const auto expected = [&] { return "expected a " + names + " URL, got " + quoted(text); };
  const auto separator = text.find("://");
  if (separator == std::string_view::npos || has_blank(text)) return fail(expected());
  const std::string scheme = lower(text.substr(0, separator));
  if (std::find(schemes.begin(), schemes.end(), scheme) == schemes.end()) return fail(expected());
  std::string_view rest = text.substr(separator + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  const std::string_view host = authority.substr(authority.rfind('@') + 1);
  if (host.empty() || host.front() == ':') return fail(expected());
  return std::string(text);
}

Result<std::string> parse_web_url(std::string_view text) {
  return parse_url_text(text, {"http", "https"});
}

Result<std::vector<std::string>> parse_web_url_list(std::string_view text) {
  std::vector<std::string> urls;
  if (trim(text).empty()) return urls;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string_view entry =
        trim(text.substr(start, comma == std::string_view::npos ? text.npos : comma - start));
    if (entry.empty()) return fail("empty entry in the comma-separated list " + quoted(text));
    auto url = parse_web_url(entry);
    if (!url) return fail(std::move(url).error());
    urls.push_back(std::move(*url));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return urls;
}

Result<std::string> parse_country_code(std::string_view text) {
  const bool letters =
      text.size() == 2 && std::all_of(text.begin(), text.end(),
                                      [](unsigned char c) { return std::isalpha(c) && c < 0x80; });
  if (!letters) {
    return fail("expected a two-letter ISO 3166-1 alpha-2 country code such as \"US\", got " +
                quoted(text));
  }
  std::string code(text);
  std::transform(code.begin(), code.end(), code.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return code;
}

}  // namespace espresso
