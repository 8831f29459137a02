#include "types/codec.hpp"

#include "common/base64.hpp"
#include "common/tagged_base64.hpp"

namespace espresso::text {

std::string base64_encode(ByteView bytes) {
  return espresso::base64_encode(bytes, Base64Alphabet::kStandardPadded);
}

Result<Bytes> base64_decode(std::string_view text) {
  return espresso::base64_decode(text, Base64Alphabet::kStandardPadded);
}

std::string tagged_base64_encode(std::string_view tag, ByteView value) {
  return TaggedBase64{std::string(tag), to_bytes(value)}.to_string();
}

Result<Bytes> tagged_base64_decode(std::string_view text, std::string_view expected_tag,
                                   std::size_t expected_len) {
  auto decoded = TaggedBase64::parse_expecting(text, expected_tag);
  if (!decoded) return fail(std::move(decoded).error());
  if (decoded->value.size() != expected_len) {
    return fail("expected " + std::to_string(expected_len) + " bytes in " +
                std::string(expected_tag) + " value, got " + std::to_string(decoded->value.size()));
  }
  return std::move(decoded->value);
}

}  // namespace espresso::text
