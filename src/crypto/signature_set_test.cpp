#include "crypto/signature_set.hpp"

#include <gtest/gtest.h>

namespace espresso {
namespace {

struct Table {
  std::vector<BlsSecretKey> secrets;
  StakeTableKeys keys;
};

Table make_table(std::vector<U256> weights) {
  KeySeed seed{};
  seed[0] = 42;
  std::vector<BlsSecretKey> secrets;
  std::vector<StakeTableEntry> entries;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    secrets.push_back(BlsSecretKey::from_seed(seed, i));
    entries.push_back({secrets.back().public_key(), weights[i], secrets.back().prove_possession()});
  }
  return {secrets, StakeTableKeys::create(entries).value()};
}

std::vector<BlsVote> votes_of(const Table& table, ByteView message,
                              std::vector<std::size_t> signers) {
  std::vector<BlsVote> votes;
  for (auto i : signers) votes.push_back({i, table.secrets[i].sign(message)});
  return votes;
}

const Bytes kMessage = to_bytes(as_bytes("quorum certificate for view 7"));

TEST(StakeTableKeys, ChecksEveryEntry) {
  const auto table = make_table({10, 20, 30});
  EXPECT_EQ(table.keys.size(), 3u);
  EXPECT_EQ(table.keys.total_weight(), 60);
  EXPECT_EQ(table.keys.index_of(table.secrets[2].public_key()), 2u);
  EXPECT_EQ(table.keys.index_of(BlsSecretKey::random().public_key()), std::nullopt);

  const auto a = BlsSecretKey::random();
  const auto b = BlsSecretKey::random();
  std::vector<StakeTableEntry> zero_weight{{a.public_key(), 0, a.prove_possession()}};
  EXPECT_NE(StakeTableKeys::create(zero_weight).error().message.find("weight is zero"),
            std::string::npos);
  std::vector<StakeTableEntry> duplicate{{a.public_key(), 1, a.prove_possession()},
                                         {a.public_key(), 1, a.prove_possession()}};
  EXPECT_NE(StakeTableKeys::create(duplicate).error().message.find("same key as entry 0"),
            std::string::npos);
  EXPECT_FALSE(StakeTableKeys::create({}));
  std::vector<StakeTableEntry> borrowed_proof{{a.public_key(), 1, b.prove_possession()}};
  EXPECT_NE(StakeTableKeys::create(borrowed_proof).error().message.find("proof of possession"),
            std::string::npos);
}

TEST(StakeTableKeys, RejectsRogueKey) {
  // Rogue-key attack: Mallory registers pk_m = pk_evil - pk_alice. Then pk_m + pk_alice = pk_evil,
  // so Mallory alone could forge an "aggregate of Alice and Mallory". She cannot prove possession
  // of pk_m because she does not know its secret.
  const auto alice = BlsSecretKey::random();
  const auto evil = BlsSecretKey::random();
  blst::P1 rogue(evil.public_key().point());
  blst::P1 minus_alice(alice.public_key().point());
  minus_alice.neg();
  rogue.add(minus_alice);
  ByteArray<48> rogue_bytes{};
  rogue.compress(rogue_bytes.data());
  const auto rogue_key = BlsPublicKey::from_bytes(rogue_bytes).value();

  // Without the stake table's check the forgery works:
  const std::vector<BlsPublicKey> pair{alice.public_key(), rogue_key};
  const auto forged = evil.sign(kMessage);
  EXPECT_TRUE(fast_aggregate_verify(pair, kMessage, forged));

  // The best proof Mallory can offer is one made with a key she holds; it is refused.
  std::vector<StakeTableEntry> entries{{alice.public_key(), 1, alice.prove_possession()},
                                       {rogue_key, 1, evil.prove_possession()}};
  auto table = StakeTableKeys::create(entries);
  ASSERT_FALSE(table);
  EXPECT_NE(table.error().message.find("entry 1"), std::string::npos);
}

TEST(SignatureSet, VerifiesWithOnePairingAndThreshold) {
  const auto table = make_table({10, 20, 30, 40});
  const auto set = SignatureSet::from_votes(4, votes_of(table, kMessage, {3, 1})).value();
  EXPECT_EQ(set.signer_count(), 2u);
  EXPECT_EQ(set.signer_weight(table.keys), 60);
  EXPECT_TRUE(set.verify(table.keys, kMessage, 60));
  EXPECT_TRUE(set.verify(table.keys, kMessage, 1));
  // Threshold edge: exactly the weight passes, one more fails.
  auto below = set.verify(table.keys, kMessage, 61);
  ASSERT_FALSE(below);
  EXPECT_NE(below.error().message.find("signer weight 60 is below the threshold 61"),
            std::string::npos);
  // Wrong message fails.
  EXPECT_FALSE(set.verify(table.keys, as_bytes("another view"), 1));
}

TEST(SignatureSet, QuorumThresholdIsStrictlyAboveTwoThirds) {
  EXPECT_EQ(make_table({1, 1, 1}).keys.quorum_threshold(), 3);  // 2 of 3 is not > 2/3
  EXPECT_EQ(make_table({1, 1, 1, 1}).keys.quorum_threshold(), 3);
  EXPECT_EQ(make_table({10, 20, 30, 40}).keys.quorum_threshold(), 67);  // > 66.67
  EXPECT_EQ(make_table({1}).keys.quorum_threshold(), 1);

  const auto table = make_table({1, 1, 1, 1});
  const auto threshold = table.keys.quorum_threshold();
  EXPECT_FALSE(SignatureSet::from_votes(4, votes_of(table, kMessage, {0, 1}))
                   ->verify(table.keys, kMessage, threshold));
  EXPECT_TRUE(SignatureSet::from_votes(4, votes_of(table, kMessage, {0, 1, 2}))
                  ->verify(table.keys, kMessage, threshold));
  EXPECT_TRUE(SignatureSet::from_votes(4, votes_of(table, kMessage, {0, 1, 2, 3}))
                  ->verify(table.keys, kMessage, threshold));
}

TEST(SignatureSet, BitmapThatLiesAboutSignersFails) {
  const auto table = make_table({1, 1, 1, 1});
  auto votes = votes_of(table, kMessage, {0, 1, 2});
  // Claim signer 3 instead of signer 2 for the same aggregate.
  votes[2].signer = 3;
  const auto set = SignatureSet::from_votes(4, votes).value();
  auto status = set.verify(table.keys, kMessage, 3);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("does not verify"), std::string::npos);
  // The fallback finds the culprit.
  EXPECT_EQ(find_invalid_votes(table.keys, kMessage, votes), std::vector<std::size_t>{2});
}

TEST(SignatureSet, FindInvalidVotes) {
  const auto table = make_table({1, 1, 1, 1, 1});
  auto votes = votes_of(table, kMessage, {0, 1, 2, 3, 4});
  EXPECT_TRUE(find_invalid_votes(table.keys, kMessage, votes).empty());
  votes[1].signature = table.secrets[1].sign(as_bytes("something else"));
  votes[4].signer = 99;
  EXPECT_EQ(find_invalid_votes(table.keys, kMessage, votes), (std::vector<std::size_t>{1, 4}));
}

TEST(SignatureSet, FromVotesRejectsBadInput) {
  const auto table = make_table({1, 1});
  EXPECT_FALSE(SignatureSet::from_votes(2, {}));
  auto twice = votes_of(table, kMessage, {1, 1});
  EXPECT_NE(SignatureSet::from_votes(2, twice).error().message.find("voted twice"),
            std::string::npos);
  auto outside = votes_of(table, kMessage, {0});
  outside[0].signer = 2;
  EXPECT_NE(SignatureSet::from_votes(2, outside).error().message.find("outside"),
            std::string::npos);
  // A set built for another table size is refused by verify.
  const auto set = SignatureSet::from_votes(3, votes_of(table, kMessage, {0, 1})).value();
  EXPECT_NE(set.verify(table.keys, kMessage, 1).error().message.find("bitmap covers 3"),
            std::string::npos);
}

TEST(SignatureSet, EncodingRoundTripAndRejections) {
  const auto table = make_table({1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
  const auto set = SignatureSet::from_votes(10, votes_of(table, kMessage, {0, 8, 9})).value();
  const Bytes encoded = set.encode();
  ASSERT_EQ(encoded.size(), 4u + 2u + 96u);
  EXPECT_EQ(encoded[0], 10);
  EXPECT_EQ(encoded[4], 0x01);  // signer 0
  EXPECT_EQ(encoded[5], 0x03);  // signers 8 and 9
  const auto decoded = SignatureSet::decode(encoded).value();
  EXPECT_EQ(decoded, set);
  EXPECT_TRUE(decoded.verify(table.keys, kMessage, 3));

  EXPECT_FALSE(SignatureSet::decode(Bytes{1, 0}));
  Bytes truncated(encoded.begin(), encoded.end() - 1);
  EXPECT_FALSE(SignatureSet::decode(truncated));
  Bytes trailing = encoded;
  trailing.push_back(0);
  EXPECT_FALSE(SignatureSet::decode(trailing));
  Bytes padding = encoded;
  padding[5] |= 0x80;  // bit 15 of a 10-bit map
  EXPECT_NE(SignatureSet::decode(padding).error().message.find("padding bit 15"),
            std::string::npos);
  Bytes nobody = encoded;
  nobody[4] = nobody[5] = 0;
  EXPECT_FALSE(SignatureSet::decode(nobody));
  Bytes huge = encoded;
  huge[3] = 0xff;
  EXPECT_FALSE(SignatureSet::decode(huge));
  Bytes bad_point = encoded;
  bad_point.back() ^= 0x5a;
  auto tampered = SignatureSet::decode(bad_point);
  EXPECT_TRUE(!tampered || !tampered->verify(table.keys, kMessage, 3));
}

}  // namespace
}  // namespace espresso
