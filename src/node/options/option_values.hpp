#pragma once
// Text -> typed value conversions for operator options. Each error says what was expected and
// quotes the text; the caller prefixes the flag and environment variable (and replaces the message
// for secrets, which must never be echoed).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace espresso {

// true/false, 1/0, yes/no, on/off (case-insensitive): what CLI11 and clap accept for a flag's
// environment variable.
Result<bool> parse_bool_text(std::string_view text);

// A decimal integer in [min, max]; no sign, no blanks.
Result<std::uint64_t> parse_unsigned_in_range(std::string_view text, std::uint64_t min,
                                              std::uint64_t max);

// A decimal number in [min, max] (latitude, longitude).
Result<double> parse_decimal_in_range(std::string_view text, double min, double max);

// "scheme://rest" with a scheme from `schemes` and a non-empty host; no blanks.
Result<std::string> parse_url_text(std::string_view text,
                                   std::initializer_list<std::string_view> schemes);
Result<std::string> parse_web_url(
    std::string_view text);  // http or https (not api/client's HttpUrl)

// Comma-separated http(s) URLs; blanks around entries are ignored; "" is the empty list; an empty
// entry is an error.
Result<std::vector<std::string>> parse_web_url_list(std::string_view text);

// Two ASCII letters (ISO 3166-1 alpha-2), returned upper-case.
Result<std::string> parse_country_code(std::string_view text);

}  // namespace espresso
