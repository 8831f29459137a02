#include "storage/consensus_codec.hpp"

#include <string>

#include "common/encoding.hpp"
#include "storage/upgrade_certificate_slot.hpp"

namespace espresso::storage {
namespace {

using consensus::Certificate;
using consensus::CertificateKind;
using consensus::Leaf;
using consensus::QuorumProposal;

// Every decode step yields Result; this unwraps one or returns its error from the caller.
#define ESEQ_READ(target, expr)                                     \
  do {                                                              \
    auto eseq_read_result_ = (expr);                                \
    if (!eseq_read_result_) return fail(eseq_read_result_.error()); \
    target = std::move(*eseq_read_result_);                         \
  } while (false)

void write_certificate(Writer& out, const Certificate& qc) {
  out.u8(static_cast<std::uint8_t>(qc.kind)).u64(qc.view).fixed(qc.subject);
  // Signer bitmap: count, then bits packed LSB-first.
  Bytes bits((qc.signers.size() + 7) / 8, 0);
  for (std::size_t i = 0; i < qc.signers.size(); ++i) {
    if (qc.signers[i]) bits[i / 8] |= static_cast<std::uint8_t>(1u << (i % 8));
  }
  out.u64(qc.signers.size()).fixed(bits);
  out.prefixed(qc.aggregate);
}

Result<Certificate> read_certificate(Reader& in) {
  Certificate qc;
  std::uint8_t kind = 0;
  ESEQ_READ(kind, in.u8());
  if (kind < static_cast<std::uint8_t>(CertificateKind::kQuorum) ||
      kind > static_cast<std::uint8_t>(CertificateKind::kUpgrade)) {
    return fail("certificate kind " + std::to_string(kind) + " is not 1..4");
  }
  qc.kind = static_cast<CertificateKind>(kind);
  ESEQ_READ(qc.view, in.u64());
  ESEQ_READ(qc.subject, in.array<32>());
  std::uint64_t count = 0;
  ESEQ_READ(count, in.u64());
  if (count > in.remaining() * 8) {
    return fail("signer count " + std::to_string(count) + " exceeds the remaining " +
                std::to_string(in.remaining()) + " bytes");
  }
  ByteView bits;
  ESEQ_READ(bits, in.fixed((count + 7) / 8));
  qc.signers.resize(count);
  for (std::size_t i = 0; i < count; ++i) qc.signers[i] = (bits[i / 8] >> (i % 8)) & 1u;
  ESEQ_READ(qc.aggregate, in.prefixed());
  return qc;
}

template <typename T, typename WriteFn>
void write_optional(Writer& out, const std::optional<T>& value, WriteFn write) {
  out.boolean(value.has_value());
  if (value) write(out, *value);
}

template <typename T, typename ReadFn>
Result<std::optional<T>> read_optional(Reader& in, ReadFn read) {
  bool present = false;
  ESEQ_READ(present, in.boolean());
  if (!present) return std::optional<T>{};
  auto value = read(in);
  if (!value) return fail(std::move(value).error());
  return std::optional<T>(std::move(*value));
}

void write_leaf(Writer& out, const Leaf& leaf) {
  out.u64(leaf.view).u64(leaf.height).fixed(leaf.parent).fixed(leaf.payload_commitment);
  out.prefixed(leaf.header);
  write_optional(out, upgrade_certificate_of(leaf), write_certificate);
}

Result<Leaf> read_leaf(Reader& in) {
  Leaf leaf;
  ESEQ_READ(leaf.view, in.u64());
  ESEQ_READ(leaf.height, in.u64());
  ESEQ_READ(leaf.parent, in.array<32>());
  ESEQ_READ(leaf.payload_commitment, in.array<32>());
  ESEQ_READ(leaf.header, in.prefixed());
  std::optional<Certificate> upgrade;
  ESEQ_READ(upgrade, read_optional<Certificate>(in, read_certificate));
  ESEQ_TRY_STATUS(set_upgrade_certificate(leaf, std::move(upgrade), "leaf"));
  return leaf;
}

void write_version(Writer& out, consensus::Version version) {
  out.u16(version.major).u16(version.minor);
}

Result<consensus::Version> read_version(Reader& in) {
  consensus::Version version;
  ESEQ_READ(version.major, in.u16());
  ESEQ_READ(version.minor, in.u16());
  return version;
}

void write_upgrade_proposal(Writer& out, const consensus::UpgradeProposal& upgrade) {
  write_version(out, upgrade.old_version);
  write_version(out, upgrade.new_version);
}

Result<consensus::UpgradeProposal> read_upgrade_proposal(Reader& in) {
  consensus::UpgradeProposal upgrade;
  ESEQ_READ(upgrade.old_version, read_version(in));
  ESEQ_READ(upgrade.new_version, read_version(in));
  return upgrade;
}

Status read_header(Reader& in) {
  std::uint8_t version = 0;
  ESEQ_READ(version, in.u8());
  if (version != kConsensusCodecVersion) {
    return fail("format version " + std::to_string(version) + ", expected " +
                std::to_string(kConsensusCodecVersion));
  }
  return {};
}

// Runs `read` over the whole blob: header first, every byte consumed, errors named `what`.
template <typename ReadFn>
auto decode_blob(ByteView blob, const char* what, ReadFn read)
    -> decltype(read(std::declval<Reader&>())) {
  Reader in(blob);
  auto body = [&]() -> decltype(read(in)) {
    ESEQ_TRY_STATUS(read_header(in));
    auto value = read(in);
    if (!value) return value;
    ESEQ_TRY_STATUS(in.expect_end());
    return value;
  }();
  if (!body) {
    return fail(std::move(body).error().context(std::string("stored ") + what + " (" +
                                                std::to_string(blob.size()) + " bytes)"));
  }
  return body;
}

Writer start() {
  Writer out;
  out.u8(kConsensusCodecVersion);
  return out;
}

}  // namespace

Bytes encode_certificate(const Certificate& qc) {
  Writer out = start();
  write_certificate(out, qc);
  return std::move(out).take();
}

Result<Certificate> decode_certificate(ByteView blob) {
  return decode_blob(blob, "certificate", read_certificate);
}

Bytes encode_decided(const consensus::PersistDecided& decided) {
  Writer out = start();
  write_leaf(out, decided.leaf);
  write_optional(out, decided.upgrade_anchor, [](Writer& w, auto view) { w.u64(view); });
  return std::move(out).take();
}

Result<consensus::PersistDecided> decode_decided(ByteView blob) {
  return decode_blob(blob, "decided leaf", [](Reader& in) -> Result<consensus::PersistDecided> {
    consensus::PersistDecided decided;
    ESEQ_READ(decided.leaf, read_leaf(in));
    ESEQ_READ(decided.upgrade_anchor,
              read_optional<consensus::ViewNumber>(in, [](Reader& r) { return r.u64(); }));
    return decided;
  });
}

Bytes encode_proposal(const QuorumProposal& proposal) {
  Writer out = start();
  write_leaf(out, proposal.leaf);
  write_certificate(out, proposal.justify);
  write_optional(out, proposal.timeout, write_certificate);
  write_certificate(out, proposal.da);
  out.u64(proposal.transactions.size());
  for (const auto& tx : proposal.transactions) out.fixed(tx);
  write_optional(out, proposal.upgrade_proposal, write_upgrade_proposal);
  write_optional(out, upgrade_certificate_of(proposal), write_certificate);
  out.prefixed(proposal.signature);
  return std::move(out).take();
}

Result<QuorumProposal> decode_proposal(ByteView blob) {
  return decode_blob(blob, "proposal", [](Reader& in) -> Result<QuorumProposal> {
    QuorumProposal proposal;
    ESEQ_READ(proposal.leaf, read_leaf(in));
    ESEQ_READ(proposal.justify, read_certificate(in));
    ESEQ_READ(proposal.timeout, read_optional<Certificate>(in, read_certificate));
    ESEQ_READ(proposal.da, read_certificate(in));
    std::uint64_t count = 0;
    ESEQ_READ(count, in.u64());
    if (count > in.remaining() / 32) {
      return fail("transaction count " + std::to_string(count) + " exceeds the remaining " +
                  std::to_string(in.remaining()) + " bytes");
    }
    proposal.transactions.resize(count);
    for (auto& tx : proposal.transactions) ESEQ_READ(tx, in.array<32>());
    ESEQ_READ(proposal.upgrade_proposal,
              read_optional<consensus::UpgradeProposal>(in, read_upgrade_proposal));
    std::optional<Certificate> upgrade;
    ESEQ_READ(upgrade, read_optional<Certificate>(in, read_certificate));
    ESEQ_TRY_STATUS(set_upgrade_certificate(proposal, std::move(upgrade), "proposal"));
    ESEQ_READ(proposal.signature, in.prefixed());
    return proposal;
  });
}

#undef ESEQ_READ

}  // namespace espresso::storage
