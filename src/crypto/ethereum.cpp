#include "crypto/ethereum.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "common/check.hpp"
#include "common/hash.hpp"

namespace espresso {
namespace {

EthPublicKey serialize_uncompressed(const secp256k1_context* context, const secp256k1_pubkey& key) {
  ByteArray<65> full{};
  std::size_t length = full.size();
  ESEQ_CHECK(secp256k1_ec_pubkey_serialize(context, full.data(), &length, &key,
                                           SECP256K1_EC_UNCOMPRESSED) == 1 &&
                 length == 65,
             "secp256k1_ec_pubkey_serialize failed");
  EthPublicKey out{};
  std::copy(full.begin() + 1, full.end(), out.begin());
  return out;
}

}  // namespace

Hash32 eip191_hash(ByteView message) {
  const std::string prefix =
      "\x19"
      "Ethereum Signed Message:\n" +
      std::to_string(message.size());
  Keccak256 hasher;
  hasher.update(as_bytes(prefix)).update(message);
  return hasher.finalize();
}

// ---- EthSignature ----

ByteArray<65> EthSignature::to_bytes() const {
  ByteArray<65> out{};
  std::copy(r.begin(), r.end(), out.begin());
  std::copy(s.begin(), s.end(), out.begin() + 32);
  out[64] = v;
  return out;
}

Result<EthSignature> EthSignature::from_bytes(ByteView bytes) {
  if (bytes.size() != 65) {
    return fail("Ethereum signature: expected 65 bytes (r, s, v), got " +
                std::to_string(bytes.size()));
  }
  EthSignature out;
  std::copy(bytes.begin(), bytes.begin() + 32, out.r.begin());
  std::copy(bytes.begin() + 32, bytes.begin() + 64, out.s.begin());
  const std::uint8_t v = bytes[64];
  if (v == 0 || v == 1) {
    out.v = static_cast<std::uint8_t>(v + 27);
  } else if (v == 27 || v == 28) {
    out.v = v;
  } else {
    return fail("Ethereum signature: v is " + std::to_string(v) +
                ", expected 27 or 28 (or 0 or 1)");
  }
  return out;
}

// ---- EthPrivateKey ----

EthPrivateKey EthPrivateKey::random() {
  Secp256k1Context context;
  ByteArray<32> secret{};
  do {
    ESEQ_CHECK(RAND_bytes(secret.data(), static_cast<int>(secret.size())) == 1,
               "OpenSSL RAND_bytes failed");
  } while (secp256k1_ec_seckey_verify(context.get(), secret.data()) != 1);
  EthPrivateKey key(secret);
  OPENSSL_cleanse(secret.data(), secret.size());
  return key;
}

Result<EthPrivateKey> EthPrivateKey::from_bytes(ByteView bytes) {
  if (bytes.size() != 32) {
    return fail("secp256k1 private key: expected 32 bytes, got " + std::to_string(bytes.size()));
  }
  ByteArray<32> secret{};
  std::copy(bytes.begin(), bytes.end(), secret.begin());
  EthPrivateKey key(secret);
  OPENSSL_cleanse(secret.data(), secret.size());
  if (secp256k1_ec_seckey_verify(key.context_.get(), key.secret_.data()) != 1) {
    return fail("secp256k1 private key: zero or not below the group order");
  }
  return key;
}

EthPrivateKey::~EthPrivateKey() {
  OPENSSL_cleanse(secret_.data(), secret_.size());
}

EthPublicKey EthPrivateKey::public_key() const {
  secp256k1_pubkey key;
  ESEQ_CHECK(secp256k1_ec_pubkey_create(context_.get(), &key, secret_.data()) == 1,
             "secp256k1_ec_pubkey_create failed on a checked key");
  return serialize_uncompressed(context_.get(), key);
}

Address EthPrivateKey::address() const {
  return Address::from_public_key(public_key());
}

EthSignature EthPrivateKey::sign_hash(const Hash32& digest) const {
  secp256k1_ecdsa_recoverable_signature signature;
  ESEQ_CHECK(secp256k1_ecdsa_sign_recoverable(context_.get(), &signature, digest.data(),
                                              secret_.data(), nullptr, nullptr) == 1,
             "secp256k1_ecdsa_sign_recoverable failed on a checked key");
  ByteArray<64> compact{};
  int recovery_id = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(context_.get(), compact.data(),
                                                          &recovery_id, &signature);
  EthSignature out;
  std::copy(compact.begin(), compact.begin() + 32, out.r.begin());
  std::copy(compact.begin() + 32, compact.end(), out.s.begin());
  out.v = static_cast<std::uint8_t>(27 + recovery_id);
  return out;
}

EthSignature EthPrivateKey::sign_message(ByteView message) const {
  return sign_hash(eip191_hash(message));
}

// ---- recovery ----

Result<EthPublicKey> recover_public_key(const Hash32& digest, const EthSignature& signature) {
  if (signature.v != 27 && signature.v != 28) {
    return fail("Ethereum signature: v is " + std::to_string(signature.v) + ", expected 27 or 28");
  }
  Secp256k1Context context;
  ByteArray<64> compact{};
  std::copy(signature.r.begin(), signature.r.end(), compact.begin());
  std::copy(signature.s.begin(), signature.s.end(), compact.begin() + 32);
  secp256k1_ecdsa_recoverable_signature recoverable;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(context.get(), &recoverable,
                                                          compact.data(), signature.v - 27) != 1) {
    return fail("Ethereum signature: r or s is not below the group order");
  }
  // EIP-2: a high s is the malleated twin of a valid signature; refuse it.
  secp256k1_ecdsa_signature plain;
  secp256k1_ecdsa_recoverable_signature_convert(context.get(), &plain, &recoverable);
  if (secp256k1_ecdsa_signature_normalize(context.get(), nullptr, &plain) == 1) {
    return fail("Ethereum signature: s is in the upper half of the group order (EIP-2)");
  }
  secp256k1_pubkey key;
  if (secp256k1_ecdsa_recover(context.get(), &key, &recoverable, digest.data()) != 1) {
    return fail("Ethereum signature: no public key recovers from it");
  }
  return serialize_uncompressed(context.get(), key);
}

Result<Address> recover_address(const Hash32& digest, const EthSignature& signature) {
  auto key = recover_public_key(digest, signature);
  if (!key) return fail(std::move(key).error());
  return Address::from_public_key(*key);
}

bool verify_eth_signature(const Address& address, const Hash32& digest,
                          const EthSignature& signature) {
  auto recovered = recover_address(digest, signature);
  return recovered && *recovered == address;
}

}  // namespace espresso
