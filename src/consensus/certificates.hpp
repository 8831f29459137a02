#pragma once
// Checking a certificate: kind, signer bitmap, stake threshold (quorum and timeout > 2/3, DA > 2/3
// of the committee, upgrade >= 9/10), one aggregate check.

#include <optional>

#include "consensus/drop_reason.hpp"
#include "consensus/messages.hpp"
#include "consensus/signature_scheme.hpp"
#include "consensus/stake_table.hpp"

namespace espresso::consensus {

// Stake of the marked signers; DA certificates count only DA committee members.
std::uint64_t signer_weight(const StakeTable& table, const Certificate& cert);

// nullopt when valid; otherwise why not. The genesis QC is valid by definition.
std::optional<DropReason> check_certificate(const StakeTable& table,
                                            const SignatureVerifier& verifier,
                                            const Certificate& cert, CertificateKind expected);

}  // namespace espresso::consensus
