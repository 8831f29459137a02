#include "common/decimal.hpp"

#include <cctype>
#include <string>

namespace espresso {
namespace {

using boost::multiprecision::cpp_int;

constexpr int kMaxDigits = 100;
constexpr int kMaxExponent = 100;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

cpp_int power_of_ten(int exponent) {
  cpp_int value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

}  // namespace

Result<DecimalPrefix> parse_decimal_prefix(std::string_view text, DecimalSyntax syntax) {
  DecimalPrefix out;
  std::size_t i = 0;
  int digit_count = 0;
  bool seen_point = false;
  int fraction_digits = 0;
  bool last_was_digit = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      if (++digit_count > kMaxDigits) {
        return fail("more than " + std::to_string(kMaxDigits) + " digits");
      }
      out.number.digits = out.number.digits * 10 + (c - '0');
      if (seen_point) ++fraction_digits;
      last_was_digit = true;
    } else if (c == '_' && syntax.allow_underscores && last_was_digit && i + 1 < text.size() &&
               is_digit(text[i + 1])) {
      last_was_digit = false;
    } else if (c == '.' && !seen_point && i + 1 < text.size() && is_digit(text[i + 1])) {
      seen_point = true;
      last_was_digit = false;
    } else {
      break;
    }
  }
  if (digit_count == 0) return fail("expected a number");
  int exponent = -fraction_digits;

  // An exponent needs a digit (or a sign and a digit) after the 'e', so "1e" or "1eb" stay free for
  // a unit starting with 'e' (exa).
  if (syntax.allow_exponent && i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t j = i + 1;
    bool negative = false;
    if (j < text.size() && (text[j] == '+' || text[j] == '-')) negative = text[j++] == '-';
    if (j < text.size() && is_digit(text[j])) {
      int value = 0;
      for (; j < text.size() && is_digit(text[j]); ++j) {
        value = value * 10 + (text[j] - '0');
        if (value > kMaxExponent) return fail("exponent beyond " + std::to_string(kMaxExponent));
      }
      exponent += negative ? -value : value;
      i = j;
    }
  }
  out.number.exponent = exponent;
  out.length = i;
  return out;
}

Result<cpp_int> scale_decimal(const DecimalNumber& number, const cpp_int& multiplier,
                              const cpp_int& max, Rounding rounding) {
  cpp_int numerator = number.digits * multiplier;
  cpp_int denominator = 1;
  if (number.exponent >= 0) {
    numerator *= power_of_ten(number.exponent);
  } else {
    denominator = power_of_ten(-number.exponent);
  }
  cpp_int quotient = numerator / denominator;
  const cpp_int remainder = numerator % denominator;
  if (remainder != 0) {
    if (rounding == Rounding::kExact) return fail("the result is not a whole number");
    if (remainder * 2 >= denominator) ++quotient;
  }
  if (quotient > max) return fail("the value is too large (the maximum is " + max.str() + ")");
  return quotient;
}

}  // namespace espresso
