#include "consensus/bls_signatures.hpp"

namespace espresso::consensus {
namespace {

class BlsSigner final : public Signer {
 public:
  BlsSigner(NodeIndex index, const BlsSecretKey& key) : index_(index), key_(key) {}
  NodeIndex key_index() const override { return index_; }
  Signature sign(const Hash32& digest) const override {
    const auto bytes = key_.sign(digest).to_bytes();
    return Signature(bytes.begin(), bytes.end());
  }

 private:
  NodeIndex index_;
  BlsSecretKey key_;
};

class BlsVerifier final : public SignatureVerifier {
 public:
  explicit BlsVerifier(const StakeTableKeys& keys) : keys_(keys) {}

  bool verify(NodeIndex signer, const Hash32& digest, ByteView signature) const override {
    if (signer >= keys_.size()) return false;
    auto decoded = BlsSignature::from_bytes(signature);
    return decoded && keys_.key(signer).verify(digest, *decoded);
  }

  Result<Signature> aggregate(std::span<const Signature> signatures) const override {
    std::vector<BlsSignature> decoded;
    decoded.reserve(signatures.size());
    for (const auto& bytes : signatures) {
      auto sig = BlsSignature::from_bytes(bytes);
      if (!sig) return fail(std::move(sig).error());
      decoded.push_back(*sig);
    }
    auto sum = aggregate_signatures(decoded);
    if (!sum) return fail(std::move(sum).error());
    const auto bytes = sum->to_bytes();
    return Signature(bytes.begin(), bytes.end());
  }

  bool verify_aggregate(const std::vector<bool>& signers, const Hash32& digest,
                        ByteView aggregate) const override {
    if (signers.size() != keys_.size()) return false;
    std::vector<BlsPublicKey> keys;
    for (std::size_t i = 0; i < signers.size(); ++i) {
      if (signers[i]) keys.push_back(keys_.key(i));
    }
    auto signature = BlsSignature::from_bytes(aggregate);
    auto key = aggregate_public_keys(keys);
    return signature && key && key->verify(digest, *signature);
  }

  std::size_t max_signature_size() const override { return BlsSignature::kSize; }

 private:
  const StakeTableKeys& keys_;
};

}  // namespace

std::unique_ptr<Signer> make_bls_signer(NodeIndex index, const BlsSecretKey& key) {
  return std::make_unique<BlsSigner>(index, key);
}

std::unique_ptr<SignatureVerifier> make_bls_verifier(const StakeTableKeys& keys) {
  return std::make_unique<BlsVerifier>(keys);
}

}  // namespace espresso::consensus
