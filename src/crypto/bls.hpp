#pragma once
// BLS12-381 signatures through blst, "minimal-pubkey-size" variant with proof of possession
// (the ciphersuite Ethereum uses): public keys are G1 points (48 bytes compressed), signatures are
// G2 points (96 bytes compressed), messages are hashed to G2 with kBlsSignatureDst.
//
// Every BlsPublicKey and BlsSignature holds a point that was checked to be on the curve, in the
// prime-order subgroup and not the point at infinity when it was decoded, so later operations
// (aggregation, verification) need not check again.

#include <cstdint>
#include <span>
#include <string_view>

#include <blst.hpp>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace espresso {

// Domain separation tags of draft-irtf-cfrg-bls-signature-05 §4.2.3 (proof-of-possession scheme).
inline constexpr std::string_view kBlsSignatureDst = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
inline constexpr std::string_view kBlsPopDst = "BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

// A 32-byte seed from which keygen derives keys deterministically (one key per index).
using KeySeed = ByteArray<32>;

class BlsSignature {
 public:
  static constexpr std::size_t kSize = 96;

  // Compressed G2 point; rejects bad encodings, points off the curve or outside G2, and infinity.
  static Result<BlsSignature> from_bytes(ByteView bytes);
  ByteArray<kSize> to_bytes() const;

  const blst::P2_Affine& point() const { return point_; }
  friend bool operator==(const BlsSignature& a, const BlsSignature& b) {
    return a.point_.is_equal(b.point_);
  }

 private:
  friend class BlsSecretKey;
  friend Result<BlsSignature> aggregate_signatures(std::span<const BlsSignature>);
  explicit BlsSignature(const blst::P2_Affine& point) : point_(point) {}
  blst::P2_Affine point_;
};

class BlsPublicKey {
 public:
  static constexpr std::size_t kSize = 48;

  // Compressed G1 point; rejects bad encodings, points off the curve or outside G1, and infinity
  // (the KeyValidate of draft-irtf-cfrg-bls-signature-05 §2.5).
  static Result<BlsPublicKey> from_bytes(ByteView bytes);
  ByteArray<kSize> to_bytes() const;

  // CoreVerify with kBlsSignatureDst.
  bool verify(ByteView message, const BlsSignature& signature) const;
  // PopVerify: the proof signs this key's compressed bytes with kBlsPopDst.
  bool verify_possession(const BlsSignature& proof) const;

  const blst::P1_Affine& point() const { return point_; }
  friend bool operator==(const BlsPublicKey& a, const BlsPublicKey& b) {
    return a.point_.is_equal(b.point_);
  }

 private:
  friend class BlsSecretKey;
  friend Result<BlsPublicKey> aggregate_public_keys(std::span<const BlsPublicKey>);
  explicit BlsPublicKey(const blst::P1_Affine& point) : point_(point) {}
  blst::P1_Affine point_;
};

class BlsSecretKey {
 public:
  static constexpr std::size_t kSize = 32;

  // A fresh key from 32 bytes of OS entropy (OpenSSL RAND_bytes) through blst's KeyGen.
  static BlsSecretKey random();
  // Deterministic key number `index` of `seed`: IKM = SHA-256("espresso/bls-staking-key/v1" ||
  // seed || index as 8 bytes little-endian), then blst's KeyGen (HKDF-SHA-256, draft-irtf-cfrg-
  // bls-signature-05 §2.3) on that IKM. The same (seed, index) always gives the same key.
  static BlsSecretKey from_seed(const KeySeed& seed, std::uint64_t index);
  // 32-byte big-endian scalar, as the IETF draft serializes it; must be in [1, r).
  static Result<BlsSecretKey> from_bytes(ByteView bytes);
  ByteArray<kSize> to_bytes() const;

  BlsSecretKey(const BlsSecretKey&) = default;
  BlsSecretKey& operator=(const BlsSecretKey&) = default;
  ~BlsSecretKey();  // wipes the scalar

  BlsPublicKey public_key() const;
  BlsSignature sign(ByteView message) const;
  // PopProve: signs the compressed public key with kBlsPopDst.
  BlsSignature prove_possession() const;

  friend bool operator==(const BlsSecretKey& a, const BlsSecretKey& b) {
    return a.to_bytes() == b.to_bytes();
  }

 private:
  BlsSecretKey() = default;
  blst::SecretKey key_{};
};

// Sum of signatures (plain point addition; inputs are already group-checked). Fails when empty.
Result<BlsSignature> aggregate_signatures(std::span<const BlsSignature> signatures);
// Sum of public keys (plain point addition). Fails when empty or when the sum is infinity. Only
// meaningful for keys whose possession was proven (see StakeTableKeys), else rogue keys cancel.
Result<BlsPublicKey> aggregate_public_keys(std::span<const BlsPublicKey> keys);
// FastAggregateVerify: every key signed the same message; keys must have proven possession.
bool fast_aggregate_verify(std::span<const BlsPublicKey> keys, ByteView message,
                           const BlsSignature& aggregate);

// One pairing check of `signature` on `message` under the G1 point `key`, without repeating the
// group checks that decoding did. The building block of verify and of SignatureSet.
bool bls_core_verify(const blst::P1_Affine& key, ByteView message, const blst::P2_Affine& signature,
                     std::string_view dst = kBlsSignatureDst);

}  // namespace espresso
