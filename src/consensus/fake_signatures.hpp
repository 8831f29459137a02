#pragma once
// A fast deterministic stand-in for BLS, for simulation: node i's signature on d is
// SHA-256(secret_i || d), aggregation XORs signatures. It rejects altered digests, altered
// signatures and signatures by another key, which is all the simulator's Byzantine nodes can try:
// they only hold their own Signer. (It is not a real scheme: the verifier knows every secret.)

#include <memory>

#include "consensus/signature_scheme.hpp"

namespace espresso::consensus {

class FakeKeys {
 public:
  FakeKeys(std::uint64_t seed, std::size_t nodes);
  std::unique_ptr<Signer> signer(NodeIndex node) const;
  std::unique_ptr<SignatureVerifier> verifier() const;
  const Hash32& secret(NodeIndex node) const { return secrets_[node]; }
  std::size_t size() const { return secrets_.size(); }

 private:
  std::vector<Hash32> secrets_;
};

// Count of hash evaluations done by fake signing and verification (for the benchmark's crypto
// share); per thread so parallel tests stay independent.
std::uint64_t fake_signature_operations();

}  // namespace espresso::consensus
