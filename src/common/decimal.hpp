#pragma once
// Exact decimal numbers as written in config files ("1.5", "2_000", "14.2e+8"), for the unit
// parsers. Kept exact (an arbitrary-precision integer times a power of ten) so "0.1 eth" is exactly
// 10^17 wei.

#include <string_view>

#include <boost/multiprecision/cpp_int.hpp>

#include "common/result.hpp"

namespace espresso {

struct DecimalNumber {
  boost::multiprecision::cpp_int digits;  // the value is digits * 10^exponent
  int exponent = 0;
};

struct DecimalSyntax {
  bool allow_underscores = false;  // digit grouping: "1_000"
  bool allow_exponent = false;     // scientific notation: "1.5e3", "2E-1"
};

// Parses the longest prefix of text that is a non-negative decimal number; returns it and the
// number of characters used (0 characters used is an error). At most 100 digits and exponents up to
// +-100 are accepted, so hostile input cannot make the arithmetic slow.
struct DecimalPrefix {
  DecimalNumber number;
  std::size_t length = 0;
};
Result<DecimalPrefix> parse_decimal_prefix(std::string_view text, DecimalSyntax syntax);

enum class Rounding { kExact, kNearest };

// number * multiplier as an integer not above max. With kExact a fractional result is an error;
// with kNearest it is rounded half up. Errors say what went wrong without quoting (callers add the
// input).
Result<boost::multiprecision::cpp_int> scale_decimal(
    const DecimalNumber& number, const boost::multiprecision::cpp_int& multiplier,
    const boost::multiprecision::cpp_int& max, Rounding rounding);

}  // namespace espresso
