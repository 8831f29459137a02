#pragma once
// Bounds the wire decoder enforces before it allocates anything: a hostile peer's length prefix or
// count never makes us reserve more than a legitimate message could need.

#include <cstddef>

#include "consensus/replica.hpp"

namespace espresso::consensus::wire {

struct WireLimits {
  std::size_t max_message_bytes = 0;  // the whole encoded message
  std::size_t max_payload_bytes = 0;  // DaProposal::payload
  std::size_t max_transaction_bytes = 0;
  std::size_t max_header_bytes = 0;  // Leaf::header
  std::size_t max_block_transactions = 0;
  std::size_t max_share_bytes = 0;
  std::size_t max_signers = 0;  // signer bitmap length (stake table size)
  std::size_t max_signature_bytes = 0;
};

// Limits that accept every message a replica with these limits would accept (and nothing larger).
WireLimits wire_limits(const MessageLimits& limits = MessageLimits{},
                       const MempoolLimits& mempool = MempoolLimits{});

}  // namespace espresso::consensus::wire
