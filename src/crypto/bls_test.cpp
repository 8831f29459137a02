#include "crypto/bls.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "common/hex.hpp"

namespace espresso {
namespace {

Bytes hex(std::string_view text) {
  return parse_hex(text).value();
}

// ethereum/bls12-381-tests, sign/sign_case_c82df61aa3ee60fb and sign_case_d0e28d7e76eb6e9c;
// the public key is from verify/verify_valid_case_195246ee3bd3b6ec.
constexpr std::string_view kVectorSecret =
    "263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3";
constexpr std::string_view kVectorPublic =
    "a491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20fd6e10c1b77654d067c0618f6e5a7f7"
    "9a";
constexpr std::string_view kVectorSigZeros =
    "b6ed936746e01f8ecf281f020953fbf1f01debd5657c4a383940b020b26507f6076334f91e2366c96e9ab279fb5158"
    "090352ea1c5b0c9274504f4f0e7053af24802e51e4568d164fe986834f41e55c8e850ce1f98458c0cfc9ab380b5528"
    "5a55";
constexpr std::string_view kVectorSig56 =
    "882730e5d03f6b42c3abc26d3372625034e1d871b65a8a6b900a56dae22da98abbe1b68f85e49fe7652a55ec3d0591"
    "c20767677e33e5cbb1207315c41a9ac03be39c2e7668edc043d6cb1d9fd93033caa8a1c5b0e84bedaeb6c64972503a"
    "43eb";

TEST(Bls, MatchesEthereumSignVectors) {
  const auto secret = BlsSecretKey::from_bytes(hex(kVectorSecret)).value();
  EXPECT_EQ(to_hex(secret.public_key().to_bytes(), false), kVectorPublic);
  const Bytes zeros(32, 0x00), fifty_sixes(32, 0x56);
  EXPECT_EQ(to_hex(secret.sign(zeros).to_bytes(), false), kVectorSigZeros);
  EXPECT_EQ(to_hex(secret.sign(fifty_sixes).to_bytes(), false), kVectorSig56);
  const auto key = BlsPublicKey::from_bytes(hex(kVectorPublic)).value();
  EXPECT_TRUE(key.verify(zeros, BlsSignature::from_bytes(hex(kVectorSigZeros)).value()));
  EXPECT_FALSE(key.verify(fifty_sixes, BlsSignature::from_bytes(hex(kVectorSigZeros)).value()));
}

TEST(Bls, SignVerifyAndRejectTampering) {
  const auto secret = BlsSecretKey::random();
  const auto key = secret.public_key();
  const Bytes message = to_bytes(as_bytes("espresso vote"));
  const auto signature = secret.sign(message);
  EXPECT_TRUE(key.verify(message, signature));

  Bytes other = message;
  other.back() ^= 1;
  EXPECT_FALSE(key.verify(other, signature));
  EXPECT_FALSE(BlsSecretKey::random().public_key().verify(message, signature));

  // Flipping a byte of the encoding either fails to decode or no longer verifies.
  auto bytes = signature.to_bytes();
  for (std::size_t i : {std::size_t{5}, std::size_t{50}, std::size_t{95}}) {
    auto tampered = bytes;
    tampered[i] ^= 0x01;
    auto decoded = BlsSignature::from_bytes(tampered);
    EXPECT_TRUE(!decoded || !key.verify(message, *decoded)) << "byte " << i;
  }
  // A signature under the proof-of-possession tag is not a message signature, and vice versa.
  EXPECT_FALSE(key.verify(key.to_bytes(), secret.prove_possession()));
  EXPECT_FALSE(key.verify_possession(secret.sign(key.to_bytes())));
}

TEST(Bls, ProofOfPossession) {
  const auto alice = BlsSecretKey::random();
  const auto mallory = BlsSecretKey::random();
  EXPECT_TRUE(alice.public_key().verify_possession(alice.prove_possession()));
  EXPECT_FALSE(alice.public_key().verify_possession(mallory.prove_possession()));
}

TEST(Bls, SerializationRoundTrips) {
  const auto secret = BlsSecretKey::random();
  EXPECT_EQ(BlsSecretKey::from_bytes(secret.to_bytes()).value(), secret);
  const auto key = secret.public_key();
  EXPECT_EQ(BlsPublicKey::from_bytes(key.to_bytes()).value(), key);
  const auto signature = secret.sign(as_bytes("x"));
  EXPECT_EQ(BlsSignature::from_bytes(signature.to_bytes()).value(), signature);
}

TEST(Bls, DecodingRejectsBadInput) {
  EXPECT_NE(BlsPublicKey::from_bytes(Bytes(47, 0xaa)).error().message.find("expected 48 bytes"),
            std::string::npos);
  EXPECT_FALSE(BlsSignature::from_bytes(Bytes(95, 0xaa)));
  EXPECT_FALSE(BlsPublicKey::from_bytes(Bytes{}));

  // Infinity (compressed flag + infinity flag) is a valid encoding but not a valid key.
  Bytes infinity_key(48, 0);
  infinity_key[0] = 0xc0;
  EXPECT_NE(BlsPublicKey::from_bytes(infinity_key).error().message.find("infinity"),
            std::string::npos);
  Bytes infinity_sig(96, 0);
  infinity_sig[0] = 0xc0;
  EXPECT_FALSE(BlsSignature::from_bytes(infinity_sig));

  // Uncompressed form (top bit clear) is not accepted.
  auto key_bytes = BlsSecretKey::random().public_key().to_bytes();
  key_bytes[0] &= 0x7f;
  EXPECT_FALSE(BlsPublicKey::from_bytes(key_bytes));
}

TEST(Bls, DecodingRejectsPointsOutsideTheSubgroup) {
  // Most x coordinates on E(Fp) give points outside G1 (the cofactor is large): find one.
  int found = 0;
  for (std::uint8_t x = 1; x < 100 && found < 3; ++x) {
    Bytes bytes(48, 0);
    bytes[0] = 0x80;
    bytes[47] = x;
    blst::blst_p1_affine point;
    if (blst::blst_p1_uncompress(&point, bytes.data()) != blst::BLST_SUCCESS) continue;
    ASSERT_FALSE(blst::blst_p1_affine_in_g1(&point));
    auto decoded = BlsPublicKey::from_bytes(bytes);
    ASSERT_FALSE(decoded);
    EXPECT_NE(decoded.error().message.find("subgroup"), std::string::npos);
    ++found;
  }
  EXPECT_EQ(found, 3);
}

TEST(Bls, SecretKeyRange) {
  EXPECT_FALSE(BlsSecretKey::from_bytes(Bytes(32, 0)));
  // The group order r itself is out of range; r - 1 is the largest valid key.
  const auto r = hex("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
  EXPECT_FALSE(BlsSecretKey::from_bytes(r));
  auto r_minus_one = r;
  r_minus_one.back() = 0;
  EXPECT_TRUE(BlsSecretKey::from_bytes(r_minus_one));
  EXPECT_FALSE(BlsSecretKey::from_bytes(Bytes(31, 1)));
}

TEST(Bls, SeededKeysAreDeterministic) {
  KeySeed seed{};
  seed[0] = 7;
  EXPECT_EQ(BlsSecretKey::from_seed(seed, 3), BlsSecretKey::from_seed(seed, 3));
  EXPECT_NE(BlsSecretKey::from_seed(seed, 3), BlsSecretKey::from_seed(seed, 4));
  KeySeed other = seed;
  other[31] = 1;
  EXPECT_NE(BlsSecretKey::from_seed(seed, 3), BlsSecretKey::from_seed(other, 3));
  EXPECT_NE(BlsSecretKey::random(), BlsSecretKey::random());
}

TEST(Bls, AggregationOnOneMessage) {
  KeySeed seed{};
  std::vector<BlsPublicKey> keys;
  std::vector<BlsSignature> signatures;
  const Bytes message = to_bytes(as_bytes("block 42"));
  for (std::uint64_t i = 0; i < 5; ++i) {
    const auto secret = BlsSecretKey::from_seed(seed, i);
    keys.push_back(secret.public_key());
    signatures.push_back(secret.sign(message));
  }
  const auto aggregate = aggregate_signatures(signatures).value();
  EXPECT_TRUE(fast_aggregate_verify(keys, message, aggregate));
  EXPECT_TRUE(aggregate_public_keys(keys)->verify(message, aggregate));
  // Missing one signer's key, or one signature, fails.
  EXPECT_FALSE(fast_aggregate_verify(std::span(keys).first(4), message, aggregate));
  const auto partial = aggregate_signatures(std::span(signatures).first(4)).value();
  EXPECT_FALSE(fast_aggregate_verify(keys, message, partial));
  EXPECT_FALSE(aggregate_signatures({}));
  EXPECT_FALSE(aggregate_public_keys({}));
  EXPECT_FALSE(fast_aggregate_verify({}, message, aggregate));
}

RC_GTEST_PROP(BlsProperty, SignedMessagesVerifyOthersDoNot, (std::vector<std::uint8_t> message)) {
  KeySeed seed{};
  const auto secret = BlsSecretKey::from_seed(seed, message.size());
  const auto signature = secret.sign(message);
  RC_ASSERT(secret.public_key().verify(message, signature));
  auto changed = message;
  changed.push_back(0);
  RC_ASSERT(!secret.public_key().verify(changed, signature));
}

}  // namespace
}  // namespace espresso
