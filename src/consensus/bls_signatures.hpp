#pragma once
// The real signature scheme for consensus: BLS12-381 through crypto/ (blst). Signatures are
// compressed G2 points; an aggregate verifies with one pairing check against the plain sum of the
// signers' public keys, which is sound because StakeTableKeys checked every key and its proof of
// possession once, at load.

#include <memory>

#include "consensus/signature_scheme.hpp"
#include "crypto/bls.hpp"
#include "crypto/stake_table_keys.hpp"

namespace espresso::consensus {

std::unique_ptr<Signer> make_bls_signer(NodeIndex index, const BlsSecretKey& key);
// `keys` must outlive the verifier.
std::unique_ptr<SignatureVerifier> make_bls_verifier(const StakeTableKeys& keys);

}  // namespace espresso::consensus
