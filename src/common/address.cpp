#include "common/address.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "common/check.hpp"
#include "common/hash.hpp"
#include "common/hex.hpp"

namespace espresso {
namespace {

// EIP-55: hex letter i is uppercase when nibble i of keccak256(lowercase hex digits) is >= 8.
std::string apply_checksum(const std::string& lower_digits) {
  const Hash32 digest = keccak256(as_bytes(lower_digits));
  std::string out = lower_digits;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::uint8_t nibble = (i % 2 == 0) ? digest[i / 2] >> 4 : digest[i / 2] & 0x0f;
    if (nibble >= 8) out[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[i])));
  }
  return out;
}

}  // namespace

Result<Address> Address::parse(std::string_view text) {
  auto bytes = parse_hex_fixed<kSize>(text, HexPrefix::kOptional);
  if (!bytes) {
    return fail("invalid address \"" + std::string(text) +
                "\": expected 0x followed by 40 hex digits (" + bytes.error().message + ")");
  }
  std::string_view digits = text;
  if (digits.starts_with("0x") || digits.starts_with("0X")) digits.remove_prefix(2);
  const bool has_lower = std::ranges::any_of(digits, [](char c) { return c >= 'a' && c <= 'f'; });
  const bool has_upper = std::ranges::any_of(digits, [](char c) { return c >= 'A' && c <= 'F'; });
  const Address address(*bytes);
  if (has_lower && has_upper) {
    const std::string expected = address.to_checksum_hex();
    if (std::string_view(expected).substr(2) != digits) {
      return fail("invalid address \"" + std::string(text) +
                  "\": mixed-case letters do not match the EIP-55 checksum (expected " + expected +
                  ")");
    }
  }
  return address;
}

Address Address::from_public_key(ByteView uncompressed_xy) {
  ESEQ_CHECK(uncompressed_xy.size() == 64, "an uncompressed public key is 64 bytes without prefix");
  const Hash32 digest = keccak256(uncompressed_xy);
  ByteArray<kSize> bytes{};
  std::copy(digest.end() - kSize, digest.end(), bytes.begin());
  return Address(bytes);
}

std::string Address::to_hex() const {
  return espresso::to_hex(bytes_);
}

std::string Address::to_checksum_hex() const {
  return "0x" + apply_checksum(espresso::to_hex(bytes_, false));
}

bool Address::is_zero() const {
  return std::ranges::all_of(bytes_, [](std::uint8_t b) { return b == 0; });
}

}  // namespace espresso

std::size_t std::hash<espresso::Address>::operator()(
    const espresso::Address& address) const noexcept {
  // Addresses are hash outputs already: any 8 of their bytes are well spread.
  std::size_t value = 0;
  std::memcpy(&value, address.bytes().data(), sizeof(value));
  return value;
}
