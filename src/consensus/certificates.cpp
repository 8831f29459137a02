#include "consensus/certificates.hpp"

namespace espresso::consensus {

std::uint64_t signer_weight(const StakeTable& table, const Certificate& cert) {
  std::uint64_t weight = 0;
  for (std::size_t i = 0; i < cert.signers.size() && i < table.size(); ++i) {
    const auto node = static_cast<NodeIndex>(i);
    if (!cert.signers[i]) continue;
    if (cert.kind == CertificateKind::kDa && !table.is_da_member(node)) continue;
    weight += table.weight(node);
  }
  return weight;
}

std::optional<DropReason> check_certificate(const StakeTable& table,
                                            const SignatureVerifier& verifier,
                                            const Certificate& cert, CertificateKind expected) {
  if (cert.kind != expected) return DropReason::kBadCertificate;
  if (expected == CertificateKind::kQuorum && is_genesis_qc(cert)) return std::nullopt;
  if (cert.signers.size() != table.size()) return DropReason::kBadCertificate;
  if (cert.aggregate.size() > verifier.max_signature_size()) return DropReason::kOversize;
  const std::uint64_t weight = signer_weight(table, cert);
  const bool enough = expected == CertificateKind::kDa        ? table.is_da_quorum(weight)
                      : expected == CertificateKind::kUpgrade ? is_upgrade_quorum(table, weight)
                                                              : table.is_quorum(weight);
  if (!enough) return DropReason::kBadCertificate;
  if (expected == CertificateKind::kDa) {
    for (std::size_t i = 0; i < cert.signers.size(); ++i) {
      if (cert.signers[i] && !table.is_da_member(static_cast<NodeIndex>(i))) {
        return DropReason::kBadCertificate;
      }
    }
  }
  if (!verifier.verify_aggregate(cert.signers, vote_digest(cert.kind, cert.view, cert.subject),
                                 cert.aggregate)) {
    return DropReason::kBadCertificate;
  }
  return std::nullopt;
}

}  // namespace espresso::consensus
