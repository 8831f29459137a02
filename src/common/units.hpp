#pragma once
// Parsers for the human-friendly values of the genesis file and the operator options (seed operator
// guide: base_fee, max_block_size, [accounts], pruner options). Each rejects bad input with an
// error that quotes the input and says what was expected.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "common/u256.hpp"

namespace espresso {

// --- Amounts of wei (as upstream's FeeAmount::from_string) ---
// - "0x" + hex digits: wei, hexadecimal;
// - a decimal number: wei ("100000");
// - "<decimal> <unit>", one or more spaces between: unit wei, kwei, mwei, gwei, szabo, finney, eth
// or
//   ether, case-insensitive. A fraction is allowed when the result is whole: "1.5 gwei" is
//   1500000000 wei, "0.5 wei" is an error.
// Negative amounts and values above 2^256-1 are errors.
Result<U256> parse_amount(std::string_view text);
// A TOML integer amount, in wei.
Result<U256> amount_from_integer(std::int64_t wei);

// --- Byte sizes (as the parse-size crate upstream uses) ---
// A number with an optional unit: an SI prefix k, m, g, t, p or e, then an optional 'i' for binary
// multiples (1024^n instead of 1000^n), then an optional 'b'; or just 'b'. The unit is
// case-insensitive ("KiB" = "kib" = "Ki", "1mb" = "1MB" = 10^6, "10 MiB" = 10*2^20) and may follow
// spaces. The number may have a fraction and an exponent ("1.5k", "14.2e+8") and '_' digit
// grouping; fractional bytes round to the nearest integer. Values above 2^64-1 are errors.
Result<std::uint64_t> parse_byte_size(std::string_view text);
Result<std::uint64_t> byte_size_from_integer(std::int64_t bytes);

// --- Durations ---
// One or more "<number><unit>" parts, optionally separated by spaces: "50ms", "1d", "7d", "1.5h",
// "1h30m", "2m 10s". Units (case-sensitive, as 'm' is minutes): ns; us or µs; ms;
// s, sec, secs, second, seconds; m, min, mins, minute, minutes; h, hr, hrs, hour, hours;
// d, day, days; w, week, weeks. "0" alone is zero; other bare numbers are errors (the unit would be
// a guess). Results are rounded to the nearest nanosecond; beyond about 292 years is an error.
Result<std::chrono::nanoseconds> parse_duration(std::string_view text);
// Compact form that parse_duration reads back exactly: "1d2h", "50ms", "1m30s", "0s".
std::string format_duration(std::chrono::nanoseconds duration);

}  // namespace espresso
