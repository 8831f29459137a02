#include "crypto/key_encoding.hpp"

#include <openssl/crypto.h>

#include "common/tagged_base64.hpp"

namespace espresso {
namespace {

std::string redact(std::string message, std::string_view text, std::string_view shown) {
  if (text.empty() || text == shown) return message;
  for (auto at = message.find(text); at != std::string::npos; at = message.find(text, at)) {
    message.replace(at, text.size(), shown);
    at += shown.size();
  }
  return message;
}

std::string encode(std::string_view tag, ByteView value) {
  return TaggedBase64{std::string(tag), to_bytes(value)}.to_string();
}

// Parses text with `tag`, then decodes its value with `decode`; errors name what was expected.
template <typename T, typename Decode>
Result<T> parse_tagged(std::string_view text, std::string_view tag, std::string_view what,
                       Decode decode) {
  // Secret keys must not be echoed into logs: errors show only the tag part of the input.
  const bool secret = tag.find("SIGNING_KEY") != std::string_view::npos;
  const std::string shown =
      secret ? std::string(text.substr(0, text.find('~'))) + "~<redacted>" : std::string(text);
  auto tagged = TaggedBase64::parse(text);
  if (!tagged) {
    // The parser quotes at most the first 120 characters of its input.
    std::string message = redact(std::move(tagged).error().message, text, shown);
    if (secret) message = redact(std::move(message), text.substr(0, 120), shown);
    return fail(Error{std::move(message)}.context(what));
  }
  if (tagged->tag != tag) {
    return fail(std::string(what) + " \"" + shown + "\": has tag \"" + tagged->tag +
                "\", expected \"" + std::string(tag) + "\"");
  }
  auto value = decode(ByteView(tagged->value));
  OPENSSL_cleanse(tagged->value.data(), tagged->value.size());
  if (!value) {
    return fail(std::move(value).error().context(std::string(what) + " \"" + shown + "\""));
  }
  return std::move(*value);
}

}  // namespace

std::string to_tagged_base64(const BlsSecretKey& key) {
  auto bytes = key.to_bytes();
  auto text = encode(kBlsSigningKeyTag, bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return text;
}
std::string to_tagged_base64(const BlsPublicKey& key) {
  return encode(kBlsVerKeyTag, key.to_bytes());
}
std::string to_tagged_base64(const BlsSignature& signature) {
  return encode(kBlsSignatureTag, signature.to_bytes());
}
std::string to_tagged_base64(const SchnorrSecretKey& key) {
  auto bytes = key.to_bytes();
  auto text = encode(kSchnorrSigningKeyTag, bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return text;
}
std::string to_tagged_base64(const SchnorrPublicKey& key) {
  return encode(kSchnorrVerKeyTag, key.to_bytes());
}
std::string to_tagged_base64(const SchnorrSignature& signature) {
  return encode(kSchnorrSignatureTag, signature.bytes);
}

Result<BlsSecretKey> parse_bls_secret_key(std::string_view text) {
  return parse_tagged<BlsSecretKey>(text, kBlsSigningKeyTag, "BLS signing key",
                                    BlsSecretKey::from_bytes);
}
Result<BlsPublicKey> parse_bls_public_key(std::string_view text) {
  return parse_tagged<BlsPublicKey>(text, kBlsVerKeyTag, "BLS verification key",
                                    BlsPublicKey::from_bytes);
}
Result<BlsSignature> parse_bls_signature(std::string_view text) {
  return parse_tagged<BlsSignature>(text, kBlsSignatureTag, "BLS signature",
                                    BlsSignature::from_bytes);
}
Result<SchnorrSecretKey> parse_schnorr_secret_key(std::string_view text) {
  return parse_tagged<SchnorrSecretKey>(text, kSchnorrSigningKeyTag, "Schnorr signing key",
                                        SchnorrSecretKey::from_bytes);
}
Result<SchnorrPublicKey> parse_schnorr_public_key(std::string_view text) {
  return parse_tagged<SchnorrPublicKey>(text, kSchnorrVerKeyTag, "Schnorr verification key",
                                        SchnorrPublicKey::from_bytes);
}
Result<SchnorrSignature> parse_schnorr_signature(std::string_view text) {
  return parse_tagged<SchnorrSignature>(text, kSchnorrSignatureTag, "Schnorr signature",
                                        SchnorrSignature::from_bytes);
}

}  // namespace espresso
