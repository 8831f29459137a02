#include "crypto/key_encoding.hpp"

#include <gtest/gtest.h>

#include "common/tagged_base64.hpp"

namespace espresso {
namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(KeyEncoding, RoundTripsWithUpstreamTags) {
  const auto bls = BlsSecretKey::random();
  const auto schnorr = SchnorrSecretKey::random();
  const std::string bls_text = to_tagged_base64(bls);
  EXPECT_TRUE(bls_text.starts_with("BLS_SIGNING_KEY~"));
  EXPECT_EQ(parse_bls_secret_key(bls_text).value(), bls);
  EXPECT_TRUE(to_tagged_base64(bls.public_key()).starts_with("BLS_VER_KEY~"));
  EXPECT_EQ(parse_bls_public_key(to_tagged_base64(bls.public_key())).value(), bls.public_key());
  const auto signature = bls.sign(as_bytes("m"));
  EXPECT_TRUE(to_tagged_base64(signature).starts_with("BLS_SIG~"));
  EXPECT_EQ(parse_bls_signature(to_tagged_base64(signature)).value(), signature);

  EXPECT_TRUE(to_tagged_base64(schnorr).starts_with("SCHNORR_SIGNING_KEY~"));
  EXPECT_EQ(parse_schnorr_secret_key(to_tagged_base64(schnorr)).value(), schnorr);
  EXPECT_TRUE(to_tagged_base64(schnorr.public_key()).starts_with("SCHNORR_VER_KEY~"));
  EXPECT_EQ(parse_schnorr_public_key(to_tagged_base64(schnorr.public_key())).value(),
            schnorr.public_key());
  const auto state_signature = schnorr.sign(as_bytes("m"));
  EXPECT_EQ(parse_schnorr_signature(to_tagged_base64(state_signature)).value(), state_signature);
}

TEST(KeyEncoding, WrongTagIsNamed) {
  const std::string state_key = to_tagged_base64(SchnorrSecretKey::random());
  auto parsed = parse_bls_secret_key(state_key);
  ASSERT_FALSE(parsed);
  EXPECT_TRUE(contains(parsed.error().message, "has tag \"SCHNORR_SIGNING_KEY\""));
  EXPECT_TRUE(contains(parsed.error().message, "expected \"BLS_SIGNING_KEY\""));
  // The secret itself never appears in the error.
  EXPECT_FALSE(contains(parsed.error().message, state_key.substr(state_key.find('~'))));
}

TEST(KeyEncoding, BadTextIsRejectedWithoutEchoingSecrets) {
  std::string text = to_tagged_base64(BlsSecretKey::random());
  std::string corrupted = text;
  corrupted[corrupted.size() - 3] = corrupted[corrupted.size() - 3] == 'A' ? 'B' : 'A';
  auto bad_checksum = parse_bls_secret_key(corrupted);
  ASSERT_FALSE(bad_checksum);
  EXPECT_FALSE(contains(bad_checksum.error().message, corrupted.substr(16)));
  EXPECT_TRUE(contains(bad_checksum.error().message, "BLS_SIGNING_KEY~<redacted>"));

  EXPECT_FALSE(parse_bls_secret_key("no tilde here"));
  EXPECT_FALSE(parse_bls_public_key("BLS_VER_KEY~!!!"));
  // A well-formed TaggedBase64 whose value has the wrong size.
  const std::string short_key = TaggedBase64{"BLS_VER_KEY", Bytes(10, 1)}.to_string();
  auto wrong_size = parse_bls_public_key(short_key);
  ASSERT_FALSE(wrong_size);
  EXPECT_TRUE(contains(wrong_size.error().message, "expected 48 bytes"));
  EXPECT_TRUE(contains(wrong_size.error().message, short_key));  // public values are quoted
}

}  // namespace
}  // namespace espresso
