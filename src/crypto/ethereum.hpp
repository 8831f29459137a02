#pragma once
// Ethereum accounts on secp256k1 (libsecp256k1): address = last 20 bytes of Keccak-256 of the
// 64-byte uncompressed public key; EIP-191 personal messages; recoverable signatures (r, s, v)
// with v = 27 or 28 and low s (EIP-2).

#include <string>
#include <string_view>

#include "common/address.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secp256k1_context.hpp"

namespace espresso {

// Uncompressed public key without the 0x04 prefix: x || y, 32 bytes each, big-endian. Its
// account is Address::from_public_key(key).
using EthPublicKey = ByteArray<64>;

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
  Address address() const;

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
Result<Address> recover_address(const Hash32& digest, const EthSignature& signature);
// True when `signature` over `digest` recovers to `address`.
bool verify_eth_signature(const Address& address, const Hash32& digest,
                          const EthSignature& signature);

}  // namespace espresso
