#include "crypto/peer_id.hpp"

#include <memory>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "common/check.hpp"

namespace espresso {
namespace {

// Bitcoin's base58 alphabet (base58btc), big-endian, leading zero bytes as '1'.
std::string base58btc(ByteView bytes) {
  static constexpr char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  std::size_t zeros = 0;
  while (zeros < bytes.size() && bytes[zeros] == 0) ++zeros;
  std::vector<std::uint8_t> digits;  // base-58 digits, least significant first
  for (std::size_t i = zeros; i < bytes.size(); ++i) {
    unsigned carry = bytes[i];
    for (auto& digit : digits) {
      carry += static_cast<unsigned>(digit) << 8;
      digit = static_cast<std::uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry > 0) {
      digits.push_back(static_cast<std::uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out(zeros, '1');
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out.push_back(kAlphabet[*it]);
  return out;
}

ByteArray<32> hkdf_sha256(ByteView ikm, std::string_view info) {
  using KdfPtr = std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)>;
  using ContextPtr = std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)>;
  KdfPtr kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr), EVP_KDF_free);
  ESEQ_CHECK(kdf != nullptr, "OpenSSL has no HKDF");
  ContextPtr context(EVP_KDF_CTX_new(kdf.get()), EVP_KDF_CTX_free);
  ESEQ_CHECK(context != nullptr, "EVP_KDF_CTX_new failed");
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_octet_string(
                             OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(ikm.data()), ikm.size()),
                         OSSL_PARAM_construct_octet_string(
                             OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()), info.size()),
                         OSSL_PARAM_construct_end()};
  ByteArray<32> out{};
  ESEQ_CHECK(EVP_KDF_derive(context.get(), out.data(), out.size(), params) == 1,
             "HKDF-SHA-256 failed");
  return out;
}

}  // namespace

ByteArray<32> libp2p_ed25519_public_key(const BlsSecretKey& staking_key) {
  auto secret_bytes = staking_key.to_bytes();
  auto seed = hkdf_sha256(secret_bytes, "libp2p key");
  OPENSSL_cleanse(secret_bytes.data(), secret_bytes.size());
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()),
      EVP_PKEY_free);
  OPENSSL_cleanse(seed.data(), seed.size());
  ESEQ_CHECK(key != nullptr, "OpenSSL could not make an Ed25519 key");
  ByteArray<32> public_key{};
  std::size_t length = public_key.size();
  ESEQ_CHECK(EVP_PKEY_get_raw_public_key(key.get(), public_key.data(), &length) == 1 &&
                 length == public_key.size(),
             "OpenSSL could not export an Ed25519 public key");
  return public_key;
}

std::string libp2p_peer_id(const ByteArray<32>& ed25519_public_key) {
  // identity multihash (0x00, length 36) of protobuf PublicKey {1: KeyType Ed25519 = 1, 2: bytes}
  constexpr ByteArray<6> kPrefix{0x00, 0x24, 0x08, 0x01, 0x12, 0x20};
  ByteArray<kPrefix.size() + 32> multihash{};
  std::copy(kPrefix.begin(), kPrefix.end(), multihash.begin());
  std::copy(ed25519_public_key.begin(), ed25519_public_key.end(), multihash.begin() + 6);
  return base58btc(multihash);
}

std::string libp2p_peer_id(const BlsSecretKey& staking_key) {
  return libp2p_peer_id(libp2p_ed25519_public_key(staking_key));
}

}  // namespace espresso
