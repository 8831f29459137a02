#pragma once
// Ethereum account address (20 bytes): fee accounts, builder and fee-recipient addresses,
// contracts.

#include <compare>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace espresso {

class Address {
 public:
  static constexpr std::size_t kSize = 20;

  constexpr Address() = default;  // the zero address
  explicit constexpr Address(const ByteArray<kSize>& bytes) : bytes_(bytes) {}

  // "0x" + 40 hex digits ("0x" optional). All-lowercase or all-uppercase text is accepted as is;
  // mixed case must be a valid EIP-55 checksum, so a mistyped address is rejected.
  static Result<Address> parse(std::string_view text);

  // Last 20 bytes of the Keccak-256 of an uncompressed secp256k1 public key (64 bytes, no 0x04).
  static Address from_public_key(ByteView uncompressed_xy);

  std::string to_hex() const;           // "0x" + lowercase
  std::string to_checksum_hex() const;  // "0x" + EIP-55 mixed case

  const ByteArray<kSize>& bytes() const { return bytes_; }
  bool is_zero() const;

  friend constexpr auto operator<=>(const Address&, const Address&) = default;

 private:
  ByteArray<kSize> bytes_{};
};

}  // namespace espresso

template <>
struct std::hash<espresso::Address> {
  std::size_t operator()(const espresso::Address& address) const noexcept;
};
