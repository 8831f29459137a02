#include "crypto/bls.hpp"

#include <memory>
#include <string>
#include <type_traits>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "common/check.hpp"
#include "common/hash.hpp"

namespace espresso {
namespace {

std::string describe(blst::BLST_ERROR error) {
  switch (error) {
    case blst::BLST_SUCCESS:
      return "success";
    case blst::BLST_BAD_ENCODING:
      return "bad encoding";
    case blst::BLST_POINT_NOT_ON_CURVE:
      return "point is not on the curve";
    case blst::BLST_POINT_NOT_IN_GROUP:
      return "point is not in the prime-order subgroup";
    case blst::BLST_AGGR_TYPE_MISMATCH:
      return "aggregate type mismatch";
    case blst::BLST_VERIFY_FAIL:
      return "verification failed";
    case blst::BLST_PK_IS_INFINITY:
      return "public key is the point at infinity";
    case blst::BLST_BAD_SCALAR:
      return "bad scalar";
  }
  return "blst error " + std::to_string(static_cast<int>(error));
}

std::string size_error(std::string_view what, std::size_t expected, std::size_t got) {
  return std::string(what) + ": expected " + std::to_string(expected) + " bytes, got " +
         std::to_string(got);
}

// Decodes a compressed point of type Affine (P1_Affine or P2_Affine) with every check of
// KeyValidate. blst.hpp reports decoding errors by throwing blst::BLST_ERROR values; they stop
// here.
template <typename Affine>
Result<Affine> decode_point(std::string_view what, ByteView bytes, std::size_t size) {
  if (bytes.size() != size) return fail(size_error(what, size, bytes.size()));
  if ((bytes[0] & 0x80) == 0) {
    return fail(std::string(what) + ": not a compressed point (top bit of the first byte unset)");
  }
  Affine point;
  try {
    point = Affine(bytes.data(), bytes.size());
  } catch (blst::BLST_ERROR error) {
    return fail(std::string(what) + ": " + describe(error));
  }
  if (point.is_inf()) return fail(std::string(what) + ": is the point at infinity");
  if (!point.in_group())
    return fail(std::string(what) + ": " + describe(blst::BLST_POINT_NOT_IN_GROUP));
  return point;
}

}  // namespace

bool bls_core_verify(const blst::P1_Affine& key, ByteView message, const blst::P2_Affine& signature,
                     std::string_view dst) {
  // blst.hpp's Pairing::aggregate group-checks the signature again (sig_grpchk=1), which cost as
  // much as a third of a verify; the C call takes both checks as arguments. The wrappers hold
  // nothing but the C point, so a pointer to one is a pointer to the other.
  static_assert(std::is_standard_layout_v<blst::P1_Affine> &&
                sizeof(blst::P1_Affine) == sizeof(blst::blst_p1_affine));
  static_assert(std::is_standard_layout_v<blst::P2_Affine> &&
                sizeof(blst::P2_Affine) == sizeof(blst::blst_p2_affine));
  const auto words =
      (blst::blst_pairing_sizeof() + sizeof(std::uint64_t) - 1) / sizeof(std::uint64_t);
  const auto storage = std::make_unique<std::uint64_t[]>(words);
  auto* pairing = reinterpret_cast<blst::blst_pairing*>(storage.get());
  blst::blst_pairing_init(pairing, /*hash_or_encode=*/true,
                          reinterpret_cast<const blst::byte*>(dst.data()), dst.size());
  if (blst::blst_pairing_chk_n_aggr_pk_in_g1(
          pairing, reinterpret_cast<const blst::blst_p1_affine*>(&key), /*pk_grpchk=*/false,
          reinterpret_cast<const blst::blst_p2_affine*>(&signature), /*sig_grpchk=*/false,
          message.data(), message.size(), nullptr, 0) != blst::BLST_SUCCESS) {
    return false;
  }
  blst::blst_pairing_commit(pairing);
  return blst::blst_pairing_finalverify(pairing, nullptr);
}

// ---- BlsSignature ----

Result<BlsSignature> BlsSignature::from_bytes(ByteView bytes) {
  auto point = decode_point<blst::P2_Affine>("BLS signature", bytes, kSize);
  if (!point) return fail(std::move(point).error());
  return BlsSignature(*point);
}

ByteArray<BlsSignature::kSize> BlsSignature::to_bytes() const {
  ByteArray<kSize> out{};
  point_.compress(out.data());
  return out;
}

// ---- BlsPublicKey ----

Result<BlsPublicKey> BlsPublicKey::from_bytes(ByteView bytes) {
  auto point = decode_point<blst::P1_Affine>("BLS public key", bytes, kSize);
  if (!point) return fail(std::move(point).error());
  return BlsPublicKey(*point);
}

ByteArray<BlsPublicKey::kSize> BlsPublicKey::to_bytes() const {
  ByteArray<kSize> out{};
  point_.compress(out.data());
  return out;
}

bool BlsPublicKey::verify(ByteView message, const BlsSignature& signature) const {
  return bls_core_verify(point_, message, signature.point());
}

bool BlsPublicKey::verify_possession(const BlsSignature& proof) const {
  const auto bytes = to_bytes();
  return bls_core_verify(point_, bytes, proof.point(), kBlsPopDst);
}

// ---- BlsSecretKey ----

BlsSecretKey BlsSecretKey::random() {
  ByteArray<32> ikm{};
  ESEQ_CHECK(RAND_bytes(ikm.data(), static_cast<int>(ikm.size())) == 1,
             "OpenSSL RAND_bytes failed: no entropy for key generation");
  BlsSecretKey out;
  out.key_.keygen(ikm.data(), ikm.size());
  OPENSSL_cleanse(ikm.data(), ikm.size());
  return out;
}

BlsSecretKey BlsSecretKey::from_seed(const KeySeed& seed, std::uint64_t index) {
  ByteArray<8> index_le{};
  for (std::size_t i = 0; i < index_le.size(); ++i) {
    index_le[i] = static_cast<std::uint8_t>(index >> (8 * i));
  }
  Sha256 hasher;
  hasher.update(as_bytes("espresso/bls-staking-key/v1")).update(seed).update(index_le);
  Hash32 ikm = hasher.finalize();
  BlsSecretKey out;
  out.key_.keygen(ikm.data(), ikm.size());
  OPENSSL_cleanse(ikm.data(), ikm.size());
  return out;
}

Result<BlsSecretKey> BlsSecretKey::from_bytes(ByteView bytes) {
  if (bytes.size() != kSize) return fail(size_error("BLS secret key", kSize, bytes.size()));
  BlsSecretKey out;
  out.key_.from_bendian(bytes.data());
  if (!blst::blst_sk_check(&out.key_.key)) {
    return fail("BLS secret key: scalar is zero or not below the group order");
  }
  return out;
}

ByteArray<BlsSecretKey::kSize> BlsSecretKey::to_bytes() const {
  ByteArray<kSize> out{};
  key_.to_bendian(out.data());
  return out;
}

BlsSecretKey::~BlsSecretKey() {
  OPENSSL_cleanse(&key_, sizeof(key_));
}

BlsPublicKey BlsSecretKey::public_key() const {
  return BlsPublicKey(blst::P1(key_).to_affine());
}

BlsSignature BlsSecretKey::sign(ByteView message) const {
  blst::P2 point;
  point.hash_to(message.data(), message.size(), std::string(kBlsSignatureDst))->sign_with(key_);
  return BlsSignature(point.to_affine());
}

BlsSignature BlsSecretKey::prove_possession() const {
  const auto key_bytes = public_key().to_bytes();
  blst::P2 point;
  point.hash_to(key_bytes.data(), key_bytes.size(), std::string(kBlsPopDst))->sign_with(key_);
  return BlsSignature(point.to_affine());
}

// ---- aggregation ----

Result<BlsSignature> aggregate_signatures(std::span<const BlsSignature> signatures) {
  if (signatures.empty()) return fail("cannot aggregate an empty list of BLS signatures");
  blst::P2 sum(signatures.front().point());
  for (const auto& signature : signatures.subspan(1)) sum.add(signature.point());
  return BlsSignature(sum.to_affine());
}

Result<BlsPublicKey> aggregate_public_keys(std::span<const BlsPublicKey> keys) {
  if (keys.empty()) return fail("cannot aggregate an empty list of BLS public keys");
  blst::P1 sum(keys.front().point());
  for (const auto& key : keys.subspan(1)) sum.add(key.point());
  if (sum.is_inf()) return fail("aggregate of BLS public keys is the point at infinity");
  return BlsPublicKey(sum.to_affine());
}

bool fast_aggregate_verify(std::span<const BlsPublicKey> keys, ByteView message,
                           const BlsSignature& aggregate) {
  auto key = aggregate_public_keys(keys);
  return key && key->verify(message, aggregate);
}

}  // namespace espresso
