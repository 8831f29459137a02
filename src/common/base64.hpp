#pragma once
// Base64 text <-> bytes (RFC 4648), through OpenSSL's encoder. Two variants are used by Espresso:
//  - standard alphabet with '=' padding: payload and ns_table bytes in upstream JSON;
//  - URL-safe alphabet ('-', '_') without padding: the body of TaggedBase64 strings.
// Decoding is strict, like Rust's `base64` crate that upstream uses: no whitespace, padding exactly
// as the variant says, and unused trailing bits must be zero (so every byte string has one text
// form).

#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace espresso {

enum class Base64Alphabet { kStandardPadded, kUrlSafeUnpadded };

std::string base64_encode(ByteView bytes,
                          Base64Alphabet alphabet = Base64Alphabet::kStandardPadded);

// Errors quote the input (shortened when long) and say what was wrong.
Result<Bytes> base64_decode(std::string_view text,
                            Base64Alphabet alphabet = Base64Alphabet::kStandardPadded);

}  // namespace espresso
