#pragma once
// Ethereum accounts on secp256k1 (libsecp256k1): address = last 20 bytes of Keccak-256 of the
// 64-byte uncompressed public key; EIP-191 personal messages; recoverable signatures (r, s, v)
// with v = 27 or 28 and low s (EIP-2).

#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secp256k1_context.hpp"

namespace espresso {

using EthAddress = ByteArray<20>;
// Uncompressed public key without the 0x04 prefix: x || y, 32 bytes each, big-endian.
using EthPublicKey = ByteArray<64>;

// EIP-55 mixed-case checksum form, "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf".
std::string to_checksum_address(const EthAddress& address);
// "0x" + 40 hex digits. All-lowercase or all-uppercase digits are accepted as they are; mixed case
// must match the EIP-55 checksum.
Result<EthAddress> parse_address(std::string_view text);

EthAddress address_from_public_key(const EthPublicKey& key);

// Keccak-256("\x19Ethereum Signed Message:\n" || decimal length || message), EIP-191 version 0x45.
Hash32 eip191_hash(ByteView message);

struct EthSignature {
  Hash32 r{};
  Hash32 s{};
  std::uint8_t v = 27;  // 27 or 28

  // r || s || v, the 65-byte form of personal_sign.
  ByteArray<65> to_bytes() const;
  // Accepts v as 27/28 or as the raw recovery id 0/1.
  static Result<EthSignature> from_bytes(ByteView bytes);
  friend bool operator==(const EthSignature&, const EthSignature&) = default;
};

class EthPrivateKey {
 public:
  static EthPrivateKey random();
  // 32-byte big-endian scalar in [1, n).
  static Result<EthPrivateKey> from_bytes(ByteView bytes);
  ByteArray<32> to_bytes() const { return secret_; }

  EthPrivateKey(const EthPrivateKey&) = default;
  EthPrivateKey& operator=(const EthPrivateKey&) = default;
  ~EthPrivateKey();  // wipes the secret

  EthPublicKey public_key() const;
  EthAddress address() const;

  // Deterministic (RFC 6979) recoverable signature of a 32-byte digest, low s.
  EthSignature sign_hash(const Hash32& digest) const;
  // sign_hash(eip191_hash(message)): what wallets' personal_sign produces.
  EthSignature sign_message(ByteView message) const;

 private:
  explicit EthPrivateKey(const ByteArray<32>& secret) : secret_(secret) {}
  ByteArray<32> secret_;
  Secp256k1Context context_;
};

// The public key that produced `signature` over `digest`. Fails on a malformed signature, a high s
// (EIP-2) or when no key recovers.
Result<EthPublicKey> recover_public_key(const Hash32& digest, const EthSignature& signature);
Result<EthAddress> recover_address(const Hash32& digest, const EthSignature& signature);
// True when `signature` over `digest` recovers to `address`.
bool verify_eth_signature(const EthAddress& address, const Hash32& digest,
                          const EthSignature& signature);

}  // namespace espresso
