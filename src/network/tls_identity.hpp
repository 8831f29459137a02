#pragma once
// The throwaway TLS identity of a node: a fresh Ed25519 key and a self-signed X.509 certificate,
// made in memory at start-up. Peers do not verify it; identity comes from the staking key (see
// peer_auth.hpp). It exists because TLS 1.3 needs a server certificate.

#include <string>

#include "common/result.hpp"

namespace espresso {

struct TlsIdentity {
  std::string certificate_pem;
  std::string private_key_pem;
};

Result<TlsIdentity> generate_tls_identity();

}  // namespace espresso
