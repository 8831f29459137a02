#include "crypto/ethereum.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "common/hex.hpp"

namespace espresso {
namespace {

EthPrivateKey key_one() {
  ByteArray<32> one{};
  one[31] = 1;
  return EthPrivateKey::from_bytes(one).value();
}

TEST(Ethereum, WellKnownKeyOneHasItsAddress) {
  // Private key 0x00..01: the generator point's address, widely published.
  EXPECT_EQ(key_one().address().to_checksum_hex(), "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");
}

TEST(Ethereum, Eip191HashOfHelloWorld) {
  // keccak256("\x19Ethereum Signed Message:\n11hello world"), as ethers' hashMessage returns.
  EXPECT_EQ(to_hex(eip191_hash(as_bytes("hello world"))),
            "0xd9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68");
}

TEST(Ethereum, SignRecoverVerify) {
  const auto key = key_one();
  const auto signature = key.sign_message(as_bytes("hello world"));
  EXPECT_TRUE(signature.v == 27 || signature.v == 28);
  const Hash32 digest = eip191_hash(as_bytes("hello world"));
  EXPECT_EQ(recover_address(digest, signature).value(), key.address());
  EXPECT_TRUE(verify_eth_signature(key.address(), digest, signature));
  EXPECT_FALSE(verify_eth_signature(EthPrivateKey::random().address(), digest, signature));
  EXPECT_FALSE(
      verify_eth_signature(key.address(), eip191_hash(as_bytes("hello World")), signature));
  // RFC 6979: the same key and message always give the same signature.
  EXPECT_EQ(key.sign_message(as_bytes("hello world")), signature);
}

TEST(Ethereum, TamperedSignaturesFail) {
  const auto key = EthPrivateKey::random();
  const Hash32 digest = eip191_hash(as_bytes("fee deposit"));
  const auto signature = key.sign_hash(digest);

  auto flipped_v = signature;
  flipped_v.v = signature.v == 27 ? 28 : 27;
  EXPECT_FALSE(verify_eth_signature(key.address(), digest, flipped_v));
  auto bad_r = signature;
  bad_r.r[10] ^= 1;
  EXPECT_FALSE(verify_eth_signature(key.address(), digest, bad_r));
  auto bad_v = signature;
  bad_v.v = 29;
  EXPECT_FALSE(recover_address(digest, bad_v));

  // High s (n - s with the other parity) recovers the same key but is refused (EIP-2).
  const auto n =
      parse_hex_fixed<32>("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
          .value();
  EthSignature high = signature;
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    int diff = n[i] - signature.s[i] - borrow;
    borrow = diff < 0;
    high.s[i] = static_cast<std::uint8_t>(diff + (borrow ? 256 : 0));
  }
  high.v = signature.v == 27 ? 28 : 27;
  auto refused = recover_address(digest, high);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("EIP-2"), std::string::npos);
}

TEST(Ethereum, SignatureBytes) {
  const auto signature = key_one().sign_message(as_bytes("x"));
  const auto bytes = signature.to_bytes();
  EXPECT_EQ(EthSignature::from_bytes(bytes).value(), signature);
  auto raw_id = bytes;
  raw_id[64] -= 27;
  EXPECT_EQ(EthSignature::from_bytes(raw_id).value(), signature);
  auto bad = bytes;
  bad[64] = 5;
  EXPECT_FALSE(EthSignature::from_bytes(bad));
  EXPECT_FALSE(EthSignature::from_bytes(ByteView(bytes).first(64)));
}

TEST(Ethereum, PrivateKeyRange) {
  EXPECT_FALSE(EthPrivateKey::from_bytes(Bytes(32, 0)));
  EXPECT_FALSE(EthPrivateKey::from_bytes(Bytes(32, 0xff)));
  EXPECT_FALSE(EthPrivateKey::from_bytes(Bytes(31, 1)));
  const auto key = EthPrivateKey::random();
  EXPECT_EQ(EthPrivateKey::from_bytes(key.to_bytes())->address(), key.address());
}

RC_GTEST_PROP(EthereumProperty, SignedMessagesRecoverTheSigner,
              (std::vector<std::uint8_t> message)) {
  const auto key = EthPrivateKey::random();
  const auto signature = key.sign_message(message);
  RC_ASSERT(recover_address(eip191_hash(message), signature).value() == key.address());
}

}  // namespace
}  // namespace espresso
