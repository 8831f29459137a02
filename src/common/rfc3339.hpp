#pragma once
// RFC 3339 timestamps <-> Unix seconds: the genesis header timestamp and time-based upgrade
// windows.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace espresso {

// "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)"; 'T' and 'Z' may be lowercase. The fraction is
// dropped (rounding toward the past, as upstream's unix_timestamp does). Invalid dates
// (2023-02-29), leap seconds (:60) and years outside 0000-9999 are errors that quote the input.
Result<std::int64_t> parse_rfc3339(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ" in UTC. Times outside the years 0000-9999 have no RFC 3339 form: error.
Result<std::string> format_rfc3339(std::int64_t unix_seconds);

}  // namespace espresso
