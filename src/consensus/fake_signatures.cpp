#include "consensus/fake_signatures.hpp"

#include "common/hash.hpp"

namespace espresso::consensus {
namespace {

thread_local std::uint64_t operations = 0;

Hash32 keyed_hash(const Hash32& secret, const Hash32& digest) {
  ++operations;
  ByteArray<64> input{};
  std::copy(secret.begin(), secret.end(), input.begin());
  std::copy(digest.begin(), digest.end(), input.begin() + 32);
  return sha256(input);
}

class FakeSigner final : public Signer {
 public:
  FakeSigner(NodeIndex index, const Hash32& secret) : index_(index), secret_(secret) {}
  NodeIndex key_index() const override { return index_; }
  Signature sign(const Hash32& digest) const override {
    const Hash32 sig = keyed_hash(secret_, digest);
    return Signature(sig.begin(), sig.end());
  }

 private:
  NodeIndex index_;
  Hash32 secret_;
};

class FakeVerifier final : public SignatureVerifier {
 public:
  explicit FakeVerifier(std::vector<Hash32> secrets) : secrets_(std::move(secrets)) {}

  bool verify(NodeIndex signer, const Hash32& digest, ByteView signature) const override {
    if (signer >= secrets_.size() || signature.size() != 32) return false;
    return equal_bytes(keyed_hash(secrets_[signer], digest), signature);
  }

  Result<Signature> aggregate(std::span<const Signature> signatures) const override {
    Signature out(32, 0);
    for (const auto& sig : signatures) {
      if (sig.size() != 32) return fail("fake signature: expected 32 bytes");
      for (std::size_t i = 0; i < 32; ++i) out[i] ^= sig[i];
    }
    return out;
  }

  bool verify_aggregate(const std::vector<bool>& signers, const Hash32& digest,
                        ByteView aggregate) const override {
    if (signers.size() != secrets_.size() || aggregate.size() != 32) return false;
    Hash32 expected{};
    for (std::size_t node = 0; node < signers.size(); ++node) {
      if (!signers[node]) continue;
      const Hash32 sig = keyed_hash(secrets_[node], digest);
      for (std::size_t i = 0; i < 32; ++i) expected[i] ^= sig[i];
    }
    return equal_bytes(expected, aggregate);
  }

  std::size_t max_signature_size() const override { return 32; }

 private:
  std::vector<Hash32> secrets_;
};

}  // namespace

FakeKeys::FakeKeys(std::uint64_t seed, std::size_t nodes) {
  secrets_.reserve(nodes);
  for (std::size_t i = 0; i < nodes; ++i) {
    Bytes input(as_bytes("espresso/fake-signature-key").begin(),
                as_bytes("espresso/fake-signature-key").end());
    for (int b = 0; b < 8; ++b) input.push_back(static_cast<std::uint8_t>(seed >> (8 * b)));
    for (int b = 0; b < 8; ++b) input.push_back(static_cast<std::uint8_t>(i >> (8 * b)));
    secrets_.push_back(sha256(input));
  }
}

std::unique_ptr<Signer> FakeKeys::signer(NodeIndex node) const {
  return std::make_unique<FakeSigner>(node, secrets_.at(node));
}

std::unique_ptr<SignatureVerifier> FakeKeys::verifier() const {
  return std::make_unique<FakeVerifier>(secrets_);
}

std::uint64_t fake_signature_operations() {
  return operations;
}

}  // namespace espresso::consensus
