#include "consensus/wire/proposal_codec.hpp"

#include <string>

#include "consensus/wire/read_field.hpp"

namespace espresso::consensus::wire {
namespace {

void write_version(Writer& out, Version version) {
  out.u16(version.major).u16(version.minor);
}

Result<Version> read_version(Reader& in) {
  Version version;
  ESEQ_WIRE_READ(version.major, in.u16(), "major");
  ESEQ_WIRE_READ(version.minor, in.u16(), "minor");
  return version;
}

void write_upgrade_proposal(Writer& out, const UpgradeProposal& upgrade) {
  write_version(out, upgrade.old_version);
  write_version(out, upgrade.new_version);
}

Result<UpgradeProposal> read_upgrade_proposal(Reader& in) {
  UpgradeProposal upgrade;
  ESEQ_WIRE_READ(upgrade.old_version, read_version(in), "old version");
  ESEQ_WIRE_READ(upgrade.new_version, read_version(in), "new version");
  return upgrade;
}

Result<std::vector<bool>> read_signers(Reader& in, const WireLimits& limits) {
  std::uint64_t count = 0;
  ESEQ_WIRE_READ(count, in.u64(), "signer bitmap length");
  ESEQ_TRY_STATUS(check_bound(count, limits.max_signers, "signer bitmap length"));
  ByteView bits;
  ESEQ_WIRE_READ(bits, in.fixed(static_cast<std::size_t>((count + 7) / 8)), "signer bitmap");
  // Bits past `count` must be zero: one signer set, one encoding.
  if (count % 8 != 0 && (bits.back() >> (count % 8)) != 0) {
    return fail("signer bitmap: padding bits after signer " + std::to_string(count) +
                " are not zero");
  }
  std::vector<bool> signers(static_cast<std::size_t>(count));
  for (std::size_t i = 0; i < signers.size(); ++i) signers[i] = (bits[i / 8] >> (i % 8)) & 1u;
  return signers;
}

}  // namespace

void write_certificate(Writer& out, const Certificate& qc) {
  out.u8(static_cast<std::uint8_t>(qc.kind)).u64(qc.view).fixed(qc.subject);
  Bytes bits((qc.signers.size() + 7) / 8, 0);
  for (std::size_t i = 0; i < qc.signers.size(); ++i) {
    if (qc.signers[i]) bits[i / 8] |= static_cast<std::uint8_t>(1u << (i % 8));
  }
  out.u64(qc.signers.size()).fixed(bits);
  out.prefixed(qc.aggregate);
}

Result<Certificate> read_certificate(Reader& in, const WireLimits& limits) {
  Certificate qc;
  std::uint8_t kind = 0;
  ESEQ_WIRE_READ(kind, in.u8(), "kind");
  if (kind < static_cast<std::uint8_t>(CertificateKind::kQuorum) ||
      kind > static_cast<std::uint8_t>(CertificateKind::kUpgrade)) {
    return fail("kind " + std::to_string(kind) + " is not 1..4 (quorum, da, timeout, upgrade)");
  }
  qc.kind = static_cast<CertificateKind>(kind);
  ESEQ_WIRE_READ(qc.view, in.u64(), "view");
  ESEQ_WIRE_READ(qc.subject, in.array<32>(), "subject");
  ESEQ_WIRE_READ(qc.signers, read_signers(in, limits), "signers");
  ESEQ_WIRE_READ(qc.aggregate, in.prefixed(limits.max_signature_bytes), "aggregate signature");
  return qc;
}

void write_leaf(Writer& out, const Leaf& leaf) {
  out.u64(leaf.view).u64(leaf.height).fixed(leaf.parent).fixed(leaf.payload_commitment);
  out.prefixed(leaf.header);
  write_optional(out, leaf.upgrade_certificate, write_certificate);
}

Result<Leaf> read_leaf(Reader& in, const WireLimits& limits) {
  Leaf leaf;
  ESEQ_WIRE_READ(leaf.view, in.u64(), "view");
  ESEQ_WIRE_READ(leaf.height, in.u64(), "height");
  ESEQ_WIRE_READ(leaf.parent, in.array<32>(), "parent");
  ESEQ_WIRE_READ(leaf.payload_commitment, in.array<32>(), "payload commitment");
  ESEQ_WIRE_READ(leaf.header, in.prefixed(limits.max_header_bytes), "header");
  ESEQ_WIRE_READ(
      leaf.upgrade_certificate,
      read_optional<Certificate>(in, [&](Reader& r) { return read_certificate(r, limits); }),
      "upgrade certificate");
  return leaf;
}

void write_quorum_proposal(Writer& out, const QuorumProposal& proposal) {
  write_leaf(out, proposal.leaf);
  write_certificate(out, proposal.justify);
  write_optional(out, proposal.timeout, write_certificate);
  write_certificate(out, proposal.da);
  out.u64(proposal.transactions.size());
  for (const auto& tx : proposal.transactions) out.fixed(tx);
  write_optional(out, proposal.upgrade_proposal, write_upgrade_proposal);
  out.prefixed(proposal.signature);
}

Result<QuorumProposal> read_quorum_proposal(Reader& in, const WireLimits& limits) {
  const auto certificate = [&](Reader& r) { return read_certificate(r, limits); };
  QuorumProposal proposal;
  ESEQ_WIRE_READ(proposal.leaf, read_leaf(in, limits), "leaf");
  ESEQ_WIRE_READ(proposal.justify, certificate(in), "justify certificate");
  ESEQ_WIRE_READ(proposal.timeout, read_optional<Certificate>(in, certificate),
                 "timeout certificate");
  ESEQ_WIRE_READ(proposal.da, certificate(in), "da certificate");
  std::uint64_t count = 0;
  ESEQ_WIRE_READ(count, in.u64(), "transaction count");
  ESEQ_TRY_STATUS(check_bound(count, limits.max_block_transactions, "transaction count"));
  if (count > in.remaining() / 32) {
    return fail("transaction count " + std::to_string(count) + " needs " +
                std::to_string(count * 32) + " bytes, only " + std::to_string(in.remaining()) +
                " remain");
  }
  proposal.transactions.resize(static_cast<std::size_t>(count));
  for (auto& tx : proposal.transactions) ESEQ_WIRE_READ(tx, in.array<32>(), "transaction");
  ESEQ_WIRE_READ(proposal.upgrade_proposal,
                 read_optional<UpgradeProposal>(in, read_upgrade_proposal), "upgrade proposal");
  ESEQ_WIRE_READ(proposal.signature, in.prefixed(limits.max_signature_bytes), "signature");
  return proposal;
}

}  // namespace espresso::consensus::wire
