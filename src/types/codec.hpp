#pragma once
// Short forms of the text encodings the Espresso JSON formats use, over common/: standard padded
// base64 (serde `base64_bytes`) and TaggedBase64 values of a known tag and length.

#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace espresso::text {

std::string base64_encode(ByteView bytes);
Result<Bytes> base64_decode(std::string_view text);

std::string tagged_base64_encode(std::string_view tag, ByteView value);
// Requires `expected_tag` and exactly `expected_len` value bytes; errors quote the input.
Result<Bytes> tagged_base64_decode(std::string_view text, std::string_view expected_tag,
                                   std::size_t expected_len);

}  // namespace espresso::text
