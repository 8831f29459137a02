#pragma once
// Peer identity on top of TLS. Certificates are throwaway; who a peer is comes from its BLS staking
// key. Right after the TLS handshake each side sends a hello frame with its staking public key and
// a signature over
//   "espresso-peer-auth/v1" || signer role (0 dialer, 1 listener) || exported keying material
// where the keying material is TLS's exporter (RFC 8446 §7.5) with kPeerAuthExporterLabel. It is
// unique to this TLS session and known only to its two ends, so a hello cannot be replayed on
// another connection, and the role byte stops a peer from reflecting our own hello back to us.

#include <cstdint>
#include <set>
#include <span>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/bls.hpp"

namespace espresso {

inline constexpr std::string_view kPeerAuthExporterLabel = "EXPORTER-espresso-peer-auth";
inline constexpr std::string_view kPeerAuthDomain = "espresso-peer-auth/v1";
inline constexpr std::size_t kKeyingMaterialSize = 32;
inline constexpr std::size_t kHelloSize = BlsPublicKey::kSize + BlsSignature::kSize;

enum class ConnectionRole : std::uint8_t { dialer = 0, listener = 1 };

using PublicKeyBytes = ByteArray<BlsPublicKey::kSize>;

// The bytes a side in `signer_role` signs for the session with this keying material.
Bytes peer_auth_transcript(ByteView keying_material, ConnectionRole signer_role);

// Our hello payload: public key, then the signature over our transcript.
Bytes make_hello(const BlsSecretKey& key, ByteView keying_material, ConnectionRole own_role);

// Why a hello was refused; each reason has its own counter in TransportMetrics.
enum class HelloRejection { malformed, unknown_key, own_key, bad_signature };
std::string_view to_string(HelloRejection reason);

// The stake table's keys: the only keys allowed to connect.
class PeerAllowList {
 public:
  explicit PeerAllowList(std::span<const BlsPublicKey> keys);
  bool contains(const PublicKeyBytes& key) const { return keys_.contains(key); }

 private:
  std::set<PublicKeyBytes> keys_;
};

// Checks the peer's hello for this session: well formed, key in the allow-list and not ours,
// signature valid over the transcript of the peer's role.
tl::expected<BlsPublicKey, HelloRejection> verify_hello(ByteView payload, ByteView keying_material,
                                                        ConnectionRole peer_role,
                                                        const PeerAllowList& allowed,
                                                        const PublicKeyBytes& own_key);

}  // namespace espresso
