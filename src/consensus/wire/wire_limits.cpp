#include "consensus/wire/wire_limits.hpp"

#include <algorithm>

namespace espresso::consensus::wire {
namespace {

// Stake tables are far smaller; the bound only keeps a hostile bitmap length from allocating.
constexpr std::size_t kMaxSigners = 1 << 16;
// A BLS12-381 G2 signature is 96 bytes compressed, 192 uncompressed; room for other schemes.
constexpr std::size_t kMaxSignatureBytes = 1024;

std::size_t certificate_bytes(const WireLimits& limits) {
  return 1 + 8 + 32 + 8 + (limits.max_signers + 7) / 8 + 8 + limits.max_signature_bytes;
}

std::size_t quorum_proposal_bytes(const WireLimits& limits) {
  const std::size_t leaf =
      8 + 8 + 32 + 32 + 8 + limits.max_header_bytes + 1 + certificate_bytes(limits);
  return leaf + 3 * certificate_bytes(limits) + 1 + 8 + 32 * limits.max_block_transactions + 1 + 8 +
         8 + limits.max_signature_bytes;
}

}  // namespace

WireLimits wire_limits(const MessageLimits& limits, const MempoolLimits& mempool) {
  WireLimits wire;
  wire.max_payload_bytes = limits.max_payload_bytes;
  wire.max_transaction_bytes = std::min(mempool.max_transaction_bytes, limits.max_payload_bytes);
  wire.max_header_bytes = limits.max_header_bytes;
  wire.max_block_transactions = limits.max_block_transactions;
  wire.max_share_bytes = limits.max_share_bytes;
  wire.max_signers = kMaxSigners;
  wire.max_signature_bytes = kMaxSignatureBytes;
  // The largest message of any kind, plus the version and kind bytes and fixed fields.
  constexpr std::size_t kFixedFields = 256;
  wire.max_message_bytes = std::max({wire.max_payload_bytes + wire.max_signature_bytes,
                                     wire.max_share_bytes, wire.max_transaction_bytes,
                                     quorum_proposal_bytes(wire), 3 * certificate_bytes(wire)}) +
                           kFixedFields;
  return wire;
}

}  // namespace espresso::consensus::wire
