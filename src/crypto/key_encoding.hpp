#pragma once
// Keys and signatures as TaggedBase64 text, with the tags Espresso uses for them (jellyfish
// crate `jf-signature`, src/constants.rs: BLS_VER_KEY, BLS_SIGNING_KEY, BLS_SIG, SCHNORR_VER_KEY,
// SCHNORR_SIGNING_KEY, SCHNORR_SIG). The tags match upstream; the values do not, because our
// schemes differ (DESIGN.md §2): BLS values are the 32-byte big-endian secret scalar, the 48-byte
// compressed G1 key and the 96-byte compressed G2 signature; Schnorr values are the 32-byte
// secp256k1 secret, the 32-byte BIP-340 x-only key and the 64-byte signature.

#include <string>
#include <string_view>

#include "common/result.hpp"
#include "crypto/bls.hpp"
#include "crypto/schnorr.hpp"

namespace espresso {

inline constexpr std::string_view kBlsSigningKeyTag = "BLS_SIGNING_KEY";
inline constexpr std::string_view kBlsVerKeyTag = "BLS_VER_KEY";
inline constexpr std::string_view kBlsSignatureTag = "BLS_SIG";
inline constexpr std::string_view kSchnorrSigningKeyTag = "SCHNORR_SIGNING_KEY";
inline constexpr std::string_view kSchnorrVerKeyTag = "SCHNORR_VER_KEY";
inline constexpr std::string_view kSchnorrSignatureTag = "SCHNORR_SIG";

std::string to_tagged_base64(const BlsSecretKey& key);
std::string to_tagged_base64(const BlsPublicKey& key);
std::string to_tagged_base64(const BlsSignature& signature);
std::string to_tagged_base64(const SchnorrSecretKey& key);
std::string to_tagged_base64(const SchnorrPublicKey& key);
std::string to_tagged_base64(const SchnorrSignature& signature);

// Each parser checks the TaggedBase64 syntax and checksum, the tag, and the value's validity; the
// error quotes the input.
Result<BlsSecretKey> parse_bls_secret_key(std::string_view text);
Result<BlsPublicKey> parse_bls_public_key(std::string_view text);
Result<BlsSignature> parse_bls_signature(std::string_view text);
Result<SchnorrSecretKey> parse_schnorr_secret_key(std::string_view text);
Result<SchnorrPublicKey> parse_schnorr_public_key(std::string_view text);
Result<SchnorrSignature> parse_schnorr_signature(std::string_view text);

}  // namespace espresso
