#include "common/address.hpp"

#include <map>
#include <unordered_set>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "common/hex.hpp"

namespace espresso {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The test vectors of EIP-55 itself.
TEST(Address, Eip55Vectors) {
  const char* vectors[] = {
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
      "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
      "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
      "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26"};
  for (const char* text : vectors) {
    auto address = Address::parse(text);
    ASSERT_TRUE(address) << address.error().message;
    EXPECT_EQ(address->to_checksum_hex(), text);
    std::string lower = text;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(address->to_hex(), lower);
  }
}

TEST(Address, AcceptsSingleCaseAndMissingPrefix) {
  auto lower = Address::parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
  auto upper = Address::parse("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED");
  auto bare = Address::parse("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
  ASSERT_TRUE(lower && upper && bare);
  EXPECT_EQ(*lower, *upper);
  EXPECT_EQ(*lower, *bare);
  EXPECT_EQ(lower->to_checksum_hex(), "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
}

TEST(Address, RejectsBadChecksumAndShape) {
  auto bad = Address::parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD");
  ASSERT_FALSE(bad);
  EXPECT_TRUE(contains(bad.error().message, "EIP-55"));
  EXPECT_TRUE(contains(bad.error().message, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
  EXPECT_TRUE(contains(bad.error().message, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));

  for (const char* text : {"", "0x", "0x1234", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00",
                           "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg"}) {
    auto result = Address::parse(text);
    ASSERT_FALSE(result) << text;
    EXPECT_TRUE(contains(result.error().message, "\"" + std::string(text) + "\""));
    EXPECT_TRUE(contains(result.error().message, "40 hex digits"));
  }
}

// Anvil's first dev account: private key 0xac09...ff80 has this public key and address.
TEST(Address, FromPublicKey) {
  auto key = parse_hex(
      "8318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed753547f11ca8696646f2f3acb08e3"
      "1016afac23e630c5d11f59f61fef57b0d2aa5");
  ASSERT_TRUE(key);
  EXPECT_EQ(Address::from_public_key(*key).to_checksum_hex(),
            "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
}

TEST(Address, OrdersAndHashesForMaps) {
  const Address zero;
  const Address one = *Address::parse("0x0000000000000000000000000000000000000001");
  const Address big = *Address::parse("0xff00000000000000000000000000000000000000");
  EXPECT_TRUE(zero.is_zero());
  EXPECT_FALSE(one.is_zero());
  EXPECT_LT(zero, one);
  EXPECT_LT(one, big);
  std::map<Address, int> ordered{{big, 2}, {one, 1}};
  EXPECT_EQ(ordered.begin()->second, 1);
  std::unordered_set<Address> set{zero, one, big, one};
  EXPECT_EQ(set.size(), 3u);
}

RC_GTEST_PROP(Address, ChecksumAndLowerFormsRoundTrip, ()) {
  ByteArray<Address::kSize> bytes{};
  for (auto& b : bytes) b = *rc::gen::arbitrary<std::uint8_t>();
  const Address address(bytes);
  RC_ASSERT(*Address::parse(address.to_hex()) == address);
  RC_ASSERT(*Address::parse(address.to_checksum_hex()) == address);
}

}  // namespace
}  // namespace espresso
