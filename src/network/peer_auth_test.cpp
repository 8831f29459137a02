#include "network/peer_auth.hpp"

#include <gtest/gtest.h>

namespace espresso {
namespace {

KeySeed seed() {
  KeySeed out{};
  out.fill(3);
  return out;
}

struct PeerAuthTest : ::testing::Test {
  BlsSecretKey alice = BlsSecretKey::from_seed(seed(), 0);
  BlsSecretKey bob = BlsSecretKey::from_seed(seed(), 1);
  BlsSecretKey mallory = BlsSecretKey::from_seed(seed(), 2);
  std::vector<BlsPublicKey> table{alice.public_key(), bob.public_key()};
  PeerAllowList allowed{table};
  Bytes session = Bytes(kKeyingMaterialSize, 0x11);
  PublicKeyBytes bob_bytes = bob.public_key().to_bytes();
};

TEST_F(PeerAuthTest, AcceptsAMemberSigningThisSession) {
  const Bytes hello = make_hello(alice, session, ConnectionRole::dialer);
  const auto key = verify_hello(hello, session, ConnectionRole::dialer, allowed, bob_bytes);
  ASSERT_TRUE(key);
  EXPECT_EQ(*key, alice.public_key());
}

TEST_F(PeerAuthTest, RefusesAnOutsider) {
  const Bytes hello = make_hello(mallory, session, ConnectionRole::dialer);
  EXPECT_EQ(verify_hello(hello, session, ConnectionRole::dialer, allowed, bob_bytes).error(),
            HelloRejection::unknown_key);
}

TEST_F(PeerAuthTest, RefusesAMemberKeySignedByAnotherKey) {
  Bytes hello = make_hello(mallory, session, ConnectionRole::dialer);
  const auto alice_key = alice.public_key().to_bytes();
  std::copy(alice_key.begin(), alice_key.end(), hello.begin());
  EXPECT_EQ(verify_hello(hello, session, ConnectionRole::dialer, allowed, bob_bytes).error(),
            HelloRejection::bad_signature);
}

TEST_F(PeerAuthTest, RefusesAHelloReplayedFromAnotherSessionOrRole) {
  const Bytes hello = make_hello(alice, session, ConnectionRole::dialer);
  const Bytes other_session(kKeyingMaterialSize, 0x22);
  EXPECT_EQ(verify_hello(hello, other_session, ConnectionRole::dialer, allowed, bob_bytes).error(),
            HelloRejection::bad_signature);
  EXPECT_EQ(verify_hello(hello, session, ConnectionRole::listener, allowed, bob_bytes).error(),
            HelloRejection::bad_signature);
}

TEST_F(PeerAuthTest, RefusesOurOwnKeyAndMalformedHellos) {
  const Bytes reflected = make_hello(bob, session, ConnectionRole::dialer);
  EXPECT_EQ(verify_hello(reflected, session, ConnectionRole::dialer, allowed, bob_bytes).error(),
            HelloRejection::own_key);
  Bytes hello = make_hello(alice, session, ConnectionRole::dialer);
  hello.pop_back();
  EXPECT_EQ(verify_hello(hello, session, ConnectionRole::dialer, allowed, bob_bytes).error(),
            HelloRejection::malformed);
  hello = make_hello(alice, session, ConnectionRole::dialer);
  hello[BlsPublicKey::kSize] ^= 0x01;  // signature no longer a valid point encoding (or wrong)
  EXPECT_FALSE(verify_hello(hello, session, ConnectionRole::dialer, allowed, bob_bytes));
}

TEST_F(PeerAuthTest, TranscriptBindsDomainRoleAndSession) {
  const Bytes transcript = peer_auth_transcript(session, ConnectionRole::listener);
  ASSERT_EQ(transcript.size(), kPeerAuthDomain.size() + 1 + kKeyingMaterialSize);
  EXPECT_EQ(transcript[kPeerAuthDomain.size()], 1);
  EXPECT_TRUE(equal_bytes(ByteView(transcript).last(kKeyingMaterialSize), session));
}

}  // namespace
}  // namespace espresso
