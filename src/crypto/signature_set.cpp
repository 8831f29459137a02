#include "crypto/signature_set.hpp"

#include <algorithm>
#include <string>

#include "common/encoding.hpp"

namespace espresso {
namespace {

constexpr std::size_t kMaxSigners = 1u << 24;  // far above any stake table; bounds decoding

std::size_t bitmap_bytes(std::size_t bits) {
  return (bits + 7) / 8;
}

}  // namespace

Result<SignatureSet> SignatureSet::from_votes(std::size_t table_size,
                                              std::span<const BlsVote> votes) {
  if (votes.empty()) return fail("signature set: no votes to aggregate");
  std::vector<bool> signers(table_size, false);
  std::vector<BlsSignature> signatures;
  signatures.reserve(votes.size());
  for (const auto& vote : votes) {
    if (vote.signer >= table_size) {
      return fail("signature set: signer index " + std::to_string(vote.signer) +
                  " is outside the stake table of " + std::to_string(table_size) + " keys");
    }
    if (signers[vote.signer]) {
      return fail("signature set: signer " + std::to_string(vote.signer) + " voted twice");
    }
    signers[vote.signer] = true;
    signatures.push_back(vote.signature);
  }
  auto aggregate = aggregate_signatures(signatures);
  if (!aggregate) return fail(std::move(aggregate).error());
  return SignatureSet(std::move(signers), *aggregate);
}

std::size_t SignatureSet::signer_count() const {
  return static_cast<std::size_t>(std::count(signers_.begin(), signers_.end(), true));
}

U256 SignatureSet::signer_weight(const StakeTableKeys& table) const {
  U256 weight = 0;
  for (std::size_t i = 0; i < signers_.size() && i < table.size(); ++i) {
    if (signers_[i]) weight += table.weight(i);
  }
  return weight;
}

Status SignatureSet::verify(const StakeTableKeys& table, ByteView message,
                            const U256& threshold) const {
  if (signers_.size() != table.size()) {
    return fail("signature set: bitmap covers " + std::to_string(signers_.size()) +
                " keys but the stake table has " + std::to_string(table.size()));
  }
  // Weight first: it is cheap, and an under-weight set is rejected without a pairing.
  const U256 weight = signer_weight(table);
  if (weight < threshold) {
    return fail("signature set: signer weight " + to_decimal(weight) + " is below the threshold " +
                to_decimal(threshold));
  }
  // Keys were group-checked and proven when the table was built: plain addition is enough.
  blst::P1 sum;
  bool any = false;
  for (std::size_t i = 0; i < signers_.size(); ++i) {
    if (!signers_[i]) continue;
    sum.add(table.key(i).point());
    any = true;
  }
  if (!any) return fail("signature set: no signers");
  if (sum.is_inf()) return fail("signature set: aggregate key is the point at infinity");
  if (!bls_core_verify(sum.to_affine(), message, aggregate_.point())) {
    return fail("signature set: aggregate signature of " + std::to_string(signer_count()) +
                " signers does not verify");
  }
  return {};
}

Bytes SignatureSet::encode() const {
  Bytes bitmap(bitmap_bytes(signers_.size()), 0);
  for (std::size_t i = 0; i < signers_.size(); ++i) {
    if (signers_[i]) bitmap[i / 8] |= static_cast<std::uint8_t>(1u << (i % 8));
  }
  Writer writer;
  writer.u32(static_cast<std::uint32_t>(signers_.size()))
      .fixed(bitmap)
      .fixed(aggregate_.to_bytes());
  return std::move(writer).take();
}

Result<SignatureSet> SignatureSet::decode(ByteView bytes) {
  Reader reader(bytes);
  auto bits = reader.u32();
  if (!bits) return fail(std::move(bits).error().context("signature set: bitmap length"));
  if (*bits > kMaxSigners) {
    return fail("signature set: bitmap length " + std::to_string(*bits) + " exceeds the limit " +
                std::to_string(kMaxSigners));
  }
  auto bitmap = reader.fixed(bitmap_bytes(*bits));
  if (!bitmap) return fail(std::move(bitmap).error().context("signature set: bitmap"));
  auto signature = reader.fixed(BlsSignature::kSize);
  if (!signature) return fail(std::move(signature).error().context("signature set: aggregate"));
  ESEQ_TRY_STATUS(reader.expect_end().map_error(
      [](Error error) { return std::move(error).context("signature set"); }));

  std::vector<bool> signers(*bits, false);
  bool any = false;
  for (std::size_t i = 0; i < bitmap->size() * 8; ++i) {
    const bool set = ((*bitmap)[i / 8] >> (i % 8)) & 1u;
    if (i >= *bits) {
      if (set) return fail("signature set: padding bit " + std::to_string(i) + " is set");
      continue;
    }
    signers[i] = set;
    any = any || set;
  }
  if (!any) return fail("signature set: no signers in the bitmap");
  auto aggregate = BlsSignature::from_bytes(*signature);
  if (!aggregate) return fail(std::move(aggregate).error().context("signature set"));
  return SignatureSet(std::move(signers), *aggregate);
}

std::vector<std::size_t> find_invalid_votes(const StakeTableKeys& table, ByteView message,
                                            std::span<const BlsVote> votes) {
  std::vector<std::size_t> invalid;
  for (std::size_t i = 0; i < votes.size(); ++i) {
    const auto& vote = votes[i];
    if (vote.signer >= table.size() || !table.key(vote.signer).verify(message, vote.signature)) {
      invalid.push_back(i);
    }
  }
  return invalid;
}

}  // namespace espresso
