#include "crypto/schnorr.hpp"

#include <string>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

#include "common/check.hpp"
#include "common/hash.hpp"

namespace espresso {
namespace {

// Wipes a keypair (it embeds the secret) when it goes out of scope.
struct ScopedKeypair {
  secp256k1_keypair keypair;
  ~ScopedKeypair() { OPENSSL_cleanse(&keypair, sizeof(keypair)); }
};

}  // namespace

Result<SchnorrSignature> SchnorrSignature::from_bytes(ByteView bytes) {
  if (bytes.size() != kSize) {
    return fail("Schnorr signature: expected 64 bytes, got " + std::to_string(bytes.size()));
  }
  SchnorrSignature out;
  std::copy(bytes.begin(), bytes.end(), out.bytes.begin());
  return out;
}

Result<SchnorrPublicKey> SchnorrPublicKey::from_bytes(ByteView bytes) {
  if (bytes.size() != kSize) {
    return fail("Schnorr public key: expected 32 bytes, got " + std::to_string(bytes.size()));
  }
  Secp256k1Context context;
  secp256k1_xonly_pubkey key;
  if (secp256k1_xonly_pubkey_parse(context.get(), &key, bytes.data()) != 1) {
    return fail("Schnorr public key: not the x coordinate of a secp256k1 point");
  }
  ByteArray<kSize> out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return SchnorrPublicKey(out);
}

bool SchnorrPublicKey::verify(ByteView message, const SchnorrSignature& signature) const {
  Secp256k1Context context;
  secp256k1_xonly_pubkey key;
  if (secp256k1_xonly_pubkey_parse(context.get(), &key, bytes_.data()) != 1) return false;
  return secp256k1_schnorrsig_verify(context.get(), signature.bytes.data(), message.data(),
                                     message.size(), &key) == 1;
}

SchnorrSecretKey SchnorrSecretKey::random() {
  Secp256k1Context context;
  ByteArray<kSize> secret{};
  do {
    ESEQ_CHECK(RAND_bytes(secret.data(), static_cast<int>(secret.size())) == 1,
               "OpenSSL RAND_bytes failed");
  } while (secp256k1_ec_seckey_verify(context.get(), secret.data()) != 1);
  SchnorrSecretKey key(secret);
  OPENSSL_cleanse(secret.data(), secret.size());
  return key;
}

SchnorrSecretKey SchnorrSecretKey::from_seed(const KeySeed& seed, std::uint64_t index) {
  ByteArray<8> index_le{};
  for (std::size_t i = 0; i < index_le.size(); ++i) {
    index_le[i] = static_cast<std::uint8_t>(index >> (8 * i));
  }
  Secp256k1Context context;
  for (unsigned counter = 0;; ++counter) {
    ESEQ_CHECK(counter < 256, "no valid Schnorr key in 256 tries: SHA-256 is broken");
    const ByteArray<1> counter_byte{static_cast<std::uint8_t>(counter)};
    Sha256 hasher;
    hasher.update(as_bytes("espresso/schnorr-state-key/v1"))
        .update(seed)
        .update(index_le)
        .update(counter_byte);
    Hash32 secret = hasher.finalize();
    if (secp256k1_ec_seckey_verify(context.get(), secret.data()) == 1) {
      SchnorrSecretKey key(secret);
      OPENSSL_cleanse(secret.data(), secret.size());
      return key;
    }
  }
}

Result<SchnorrSecretKey> SchnorrSecretKey::from_bytes(ByteView bytes) {
  if (bytes.size() != kSize) {
    return fail("Schnorr secret key: expected 32 bytes, got " + std::to_string(bytes.size()));
  }
  ByteArray<kSize> secret{};
  std::copy(bytes.begin(), bytes.end(), secret.begin());
  SchnorrSecretKey key(secret);
  OPENSSL_cleanse(secret.data(), secret.size());
  if (secp256k1_ec_seckey_verify(key.context_.get(), key.secret_.data()) != 1) {
    return fail("Schnorr secret key: zero or not below the group order");
  }
  return key;
}

SchnorrSecretKey::~SchnorrSecretKey() {
  OPENSSL_cleanse(secret_.data(), secret_.size());
}

SchnorrPublicKey SchnorrSecretKey::public_key() const {
  ScopedKeypair pair;
  ESEQ_CHECK(secp256k1_keypair_create(context_.get(), &pair.keypair, secret_.data()) == 1,
             "secp256k1_keypair_create failed on a checked key");
  secp256k1_xonly_pubkey key;
  ESEQ_CHECK(secp256k1_keypair_xonly_pub(context_.get(), &key, nullptr, &pair.keypair) == 1,
             "secp256k1_keypair_xonly_pub failed");
  ByteArray<SchnorrPublicKey::kSize> out{};
  secp256k1_xonly_pubkey_serialize(context_.get(), out.data(), &key);
  return SchnorrPublicKey(out);
}

SchnorrSignature SchnorrSecretKey::sign(ByteView message) const {
  ScopedKeypair pair;
  ESEQ_CHECK(secp256k1_keypair_create(context_.get(), &pair.keypair, secret_.data()) == 1,
             "secp256k1_keypair_create failed on a checked key");
  ByteArray<32> aux{};
  ESEQ_CHECK(RAND_bytes(aux.data(), static_cast<int>(aux.size())) == 1,
             "OpenSSL RAND_bytes failed");
  secp256k1_schnorrsig_extraparams params = SECP256K1_SCHNORRSIG_EXTRAPARAMS_INIT;
  params.ndata = aux.data();
  SchnorrSignature out;
  ESEQ_CHECK(secp256k1_schnorrsig_sign_custom(context_.get(), out.bytes.data(), message.data(),
                                              message.size(), &pair.keypair, &params) == 1,
             "secp256k1_schnorrsig_sign_custom failed");
  return out;
}

}  // namespace espresso
