#pragma once
// Why an incoming message was dropped: a value that metrics count, never an exception.

#include <array>
#include <cstddef>
#include <cstdint>

namespace espresso::consensus {

enum class DropReason : std::size_t {
  kBadSignature,    // a single signature does not verify
  kBadCertificate,  // wrong kind/view/subject, too little stake, or aggregate fails
  kWrongSender,     // sender is not the leader / not the signer / not a DA member
  kStaleView,       // for a view this node has left
  kFutureView,      // too far ahead to buffer
  kOversize,        // payload, header, share or list beyond the configured limits
  kMalformed,       // inconsistent fields (parent/justify mismatch, bad height, unknown signer)
  kInvalidBlock,    // the BlockValidator rejected the header
  kBadShare,        // VID share does not verify against the payload commitment
  kDuplicate,       // already counted
  kUnsolicited,     // a response nobody asked for
  kCount
};

inline constexpr std::array<const char*, static_cast<std::size_t>(DropReason::kCount)>
    kDropReasonNames = {"bad-signature", "bad-certificate", "wrong-sender", "stale-view",
                        "future-view",   "oversize",        "malformed",    "invalid-block",
                        "bad-share",     "duplicate",       "unsolicited"};

using DropCounts = std::array<std::uint64_t, static_cast<std::size_t>(DropReason::kCount)>;

}  // namespace espresso::consensus
