#include "api/query/leaf_json.hpp"

#include "api/query/block_record.hpp"
#include "common/hex.hpp"

namespace espresso::query {
namespace {

std::string_view kind_name(consensus::CertificateKind kind) {
  switch (kind) {
    case consensus::CertificateKind::kQuorum:
      return "quorum";
    case consensus::CertificateKind::kDa:
      return "da";
    case consensus::CertificateKind::kTimeout:
      return "timeout";
    case consensus::CertificateKind::kUpgrade:
      return "upgrade";
  }
  return "unknown";
}

}  // namespace

nlohmann::json certificate_json(const consensus::Certificate& certificate) {
  std::string signers;
  signers.reserve(certificate.signers.size());
  for (bool signer : certificate.signers) signers.push_back(signer ? '1' : '0');
  return {{"kind", kind_name(certificate.kind)},
          {"view_number", certificate.view},
          {"subject", to_hex(certificate.subject)},
          {"signers", signers},
          {"signature", to_hex(certificate.aggregate)}};
}

nlohmann::json leaf_json(const consensus::Leaf& leaf, const Header& header) {
  return {
      {"view_number", leaf.view},
      {"height", leaf.height},
      {"parent_commitment", leaf_hash_text(leaf.parent)},
      {"payload_commitment", payload_hash_text(leaf.payload_commitment)},
      {"block_header", to_json(header)},
      {"upgrade_certificate", leaf.upgrade_certificate ? certificate_json(*leaf.upgrade_certificate)
                                                       : nlohmann::json(nullptr)}};
}

}  // namespace espresso::query
