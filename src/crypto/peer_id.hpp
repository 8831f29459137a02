#pragma once
// A libp2p-style peer id derived from a staking key, what `pub-key --libp2p` prints.
//
// Upstream (HotShot `derive_libp2p_keypair`) derives an Ed25519 key with BLAKE3's
// derive_key("libp2p key", private key bytes) and prints libp2p's PeerId of its public key. Our
// staking keys differ from upstream's and BLAKE3 is not among our libraries, so we define:
//   Ed25519 secret = HKDF-SHA-256(IKM = the 32-byte BLS secret, salt = none, info = "libp2p key")
//   peer id = base58btc(identity multihash of the protobuf PublicKey{type: Ed25519, data: key})
//           = base58btc(00 24 08 01 12 20 || 32-byte Ed25519 public key), "12D3KooW..."
// The second step is libp2p's peer-id spec, so the text has libp2p's form.

#include <string>

#include "common/bytes.hpp"
#include "crypto/bls.hpp"

namespace espresso {

// The Ed25519 public key derived from `staking_key` as described above.
ByteArray<32> libp2p_ed25519_public_key(const BlsSecretKey& staking_key);

std::string libp2p_peer_id(const ByteArray<32>& ed25519_public_key);
std::string libp2p_peer_id(const BlsSecretKey& staking_key);

}  // namespace espresso
