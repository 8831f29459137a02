#include "common/tagged_base64.hpp"

#include <algorithm>

#include "common/base64.hpp"
#include "common/check.hpp"

namespace espresso {
namespace {

constexpr char kDelimiter = '~';

// CRC-8 with polynomial 0x07, initial value 0, no reflection, no final XOR (crc_any's CRC::crc8(),
// which upstream uses).
std::uint8_t crc8_update(std::uint8_t crc, ByteView data) {
  for (std::uint8_t byte : data) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x80) != 0 ? static_cast<std::uint8_t>((crc << 1) ^ 0x07)
                              : static_cast<std::uint8_t>(crc << 1);
    }
  }
  return crc;
}

std::string quote(std::string_view text) {
  constexpr std::size_t kMax = 120;
  if (text.size() <= kMax) return "\"" + std::string(text) + "\"";
  return "\"" + std::string(text.substr(0, kMax)) + "...\"";
}

}  // namespace

bool TaggedBase64::is_valid_tag(std::string_view tag) {
  return std::ranges::all_of(tag, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

std::uint8_t TaggedBase64::checksum(std::string_view tag, ByteView value) {
  const std::uint8_t crc = crc8_update(crc8_update(0, as_bytes(tag)), value);
  return static_cast<std::uint8_t>(crc ^ static_cast<std::uint8_t>(value.size()));
}

std::string TaggedBase64::to_string() const {
  ESEQ_CHECK(is_valid_tag(tag), "TaggedBase64 tag must be URL-safe base64 characters");
  Bytes body = value;
  body.push_back(checksum(tag, value));
  return tag + kDelimiter + base64_encode(body, Base64Alphabet::kUrlSafeUnpadded);
}

Result<TaggedBase64> TaggedBase64::parse(std::string_view text) {
  const auto error = [&](const std::string& what) {
    return fail("invalid TaggedBase64 " + quote(text) + ": " + what);
  };
  const auto delimiter = text.find(kDelimiter);
  if (delimiter == std::string_view::npos) return error("missing '~' between tag and value");
  const std::string_view tag = text.substr(0, delimiter);
  if (!is_valid_tag(tag)) {
    return error("the tag may only hold ASCII letters, digits, '-' and '_'");
  }
  const std::string_view body_text = text.substr(delimiter + 1);
  if (body_text.empty()) return error("missing value and checksum after '~'");
  auto body = base64_decode(body_text, Base64Alphabet::kUrlSafeUnpadded);
  if (!body) return error(body.error().message);
  if (body->empty()) return error("missing checksum");
  const std::uint8_t found = body->back();
  body->pop_back();
  if (found != checksum(tag, *body)) return error("checksum mismatch");
  return TaggedBase64{std::string(tag), std::move(*body)};
}

Result<TaggedBase64> TaggedBase64::parse_expecting(std::string_view text,
                                                   std::string_view expected_tag) {
  auto parsed = parse(text);
  if (!parsed) return parsed;
  if (parsed->tag != expected_tag) {
    return fail("invalid TaggedBase64 " + quote(text) + ": expected tag \"" +
                std::string(expected_tag) + "\", found \"" + parsed->tag + "\"");
  }
  return parsed;
}

}  // namespace espresso
