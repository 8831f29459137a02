#include "network/peer_auth.hpp"

namespace espresso {

Bytes peer_auth_transcript(ByteView keying_material, ConnectionRole signer_role) {
  Bytes out(kPeerAuthDomain.begin(), kPeerAuthDomain.end());
  out.push_back(static_cast<std::uint8_t>(signer_role));
  append(out, keying_material);
  return out;
}

Bytes make_hello(const BlsSecretKey& key, ByteView keying_material, ConnectionRole own_role) {
  const auto public_key = key.public_key().to_bytes();
  const auto signature = key.sign(peer_auth_transcript(keying_material, own_role)).to_bytes();
  Bytes out(public_key.begin(), public_key.end());
  append(out, signature);
  return out;
}

std::string_view to_string(HelloRejection reason) {
  switch (reason) {
    case HelloRejection::malformed:
      return "malformed hello";
    case HelloRejection::unknown_key:
      return "key not in the stake table";
    case HelloRejection::own_key:
      return "peer presented our own key";
    case HelloRejection::bad_signature:
      return "bad hello signature";
  }
  return "unknown";
}

PeerAllowList::PeerAllowList(std::span<const BlsPublicKey> keys) {
  for (const auto& key : keys) keys_.insert(key.to_bytes());
}

tl::expected<BlsPublicKey, HelloRejection> verify_hello(ByteView payload, ByteView keying_material,
                                                        ConnectionRole peer_role,
                                                        const PeerAllowList& allowed,
                                                        const PublicKeyBytes& own_key) {
  using Rejected = tl::unexpected<HelloRejection>;
  if (payload.size() != kHelloSize) return Rejected(HelloRejection::malformed);
  PublicKeyBytes key_bytes{};
  std::copy_n(payload.begin(), key_bytes.size(), key_bytes.begin());
  // Cheap checks first: an outsider must not make us spend a pairing.
  if (key_bytes == own_key) return Rejected(HelloRejection::own_key);
  if (!allowed.contains(key_bytes)) return Rejected(HelloRejection::unknown_key);
  auto key = BlsPublicKey::from_bytes(key_bytes);
  auto signature = BlsSignature::from_bytes(payload.subspan(BlsPublicKey::kSize));
  if (!key || !signature) return Rejected(HelloRejection::malformed);
  if (!key->verify(peer_auth_transcript(keying_material, peer_role), *signature)) {
    return Rejected(HelloRejection::bad_signature);
  }
  return *key;
}

}  // namespace espresso
