#pragma once
// The signature scheme consensus is written against. The node plugs in BLS (crypto/); the simulator
// plugs in a fast keyed hash (fake_signatures.hpp). Messages are always 32-byte digests.

#include <span>
#include <vector>

#include "common/result.hpp"
#include "consensus/types.hpp"

namespace espresso::consensus {

// Signs with one node's secret key.
class Signer {
 public:
  virtual ~Signer() = default;
  virtual NodeIndex key_index() const = 0;
  virtual Signature sign(const Hash32& digest) const = 0;
};

// Verifies against the stake table's public keys (checked once, when the table was loaded).
class SignatureVerifier {
 public:
  virtual ~SignatureVerifier() = default;
  virtual bool verify(NodeIndex signer, const Hash32& digest, ByteView signature) const = 0;
  // Combines signatures on one digest; fails on a malformed signature.
  virtual Result<Signature> aggregate(std::span<const Signature> signatures) const = 0;
  // One check for all signers marked in `signers` (a bitmap over the stake table).
  virtual bool verify_aggregate(const std::vector<bool>& signers, const Hash32& digest,
                                ByteView aggregate) const = 0;
  // Upper bound on an encoded (single or aggregate) signature, for message size checks.
  virtual std::size_t max_signature_size() const = 0;
};

}  // namespace espresso::consensus
