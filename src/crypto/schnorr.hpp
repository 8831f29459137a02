#pragma once
// BIP-340 Schnorr signatures on secp256k1 (libsecp256k1), used for the state key that signs
// finalized states for the light client. Public keys are 32-byte x-only points, signatures are
// 64 bytes, messages may have any length (BIP-340 as extended by libsecp256k1's sign_custom).

#include <cstdint>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/bls.hpp"
#include "crypto/secp256k1_context.hpp"

namespace espresso {

struct SchnorrSignature {
  static constexpr std::size_t kSize = 64;
  ByteArray<kSize> bytes{};

  static Result<SchnorrSignature> from_bytes(ByteView bytes);
  friend bool operator==(const SchnorrSignature&, const SchnorrSignature&) = default;
};

class SchnorrPublicKey {
 public:
  static constexpr std::size_t kSize = 32;
  // x-only key; fails when the bytes are not the x coordinate of a curve point.
  static Result<SchnorrPublicKey> from_bytes(ByteView bytes);
  const ByteArray<kSize>& to_bytes() const { return bytes_; }

  bool verify(ByteView message, const SchnorrSignature& signature) const;

  friend bool operator==(const SchnorrPublicKey&, const SchnorrPublicKey&) = default;

 private:
  friend class SchnorrSecretKey;
  explicit SchnorrPublicKey(const ByteArray<kSize>& bytes) : bytes_(bytes) {}
  ByteArray<kSize> bytes_;
};

class SchnorrSecretKey {
 public:
  static constexpr std::size_t kSize = 32;

  static SchnorrSecretKey random();
  // Deterministic key number `index` of `seed`: the first valid scalar among
  // SHA-256("espresso/schnorr-state-key/v1" || seed || index as 8 bytes LE || counter byte),
  // counter = 0, 1, ... (a retry happens with probability about 2^-128).
  static SchnorrSecretKey from_seed(const KeySeed& seed, std::uint64_t index);
  // 32-byte big-endian scalar in [1, n).
  static Result<SchnorrSecretKey> from_bytes(ByteView bytes);
  ByteArray<kSize> to_bytes() const { return secret_; }

  SchnorrSecretKey(const SchnorrSecretKey&) = default;
  SchnorrSecretKey& operator=(const SchnorrSecretKey&) = default;
  ~SchnorrSecretKey();  // wipes the secret

  SchnorrPublicKey public_key() const;
  // BIP-340 signature with 32 bytes of fresh auxiliary randomness from the OS.
  SchnorrSignature sign(ByteView message) const;

  friend bool operator==(const SchnorrSecretKey& a, const SchnorrSecretKey& b) {
    return a.secret_ == b.secret_;
  }

 private:
  explicit SchnorrSecretKey(const ByteArray<kSize>& secret) : secret_(secret) {}
  ByteArray<kSize> secret_;
  Secp256k1Context context_;
};

}  // namespace espresso
