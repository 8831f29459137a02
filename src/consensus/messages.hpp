#pragma once
// Everything replicas send each other, and the digests their signatures cover. Each signed digest
// starts with a distinct domain tag so a signature for one purpose never verifies for another.

#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "consensus/types.hpp"
#include "consensus/upgrade.hpp"

namespace espresso::consensus {

enum class CertificateKind : std::uint8_t { kQuorum = 1, kDa = 2, kTimeout = 3, kUpgrade = 4 };

// Signers (bitmap over the stake table) and their aggregate signature on
// vote_digest(kind, view, subject). Quorum: subject = leaf commitment; DA: payload commitment;
// timeout: all zero; upgrade: upgrade_subject().
struct Certificate {
  CertificateKind kind = CertificateKind::kQuorum;
  ViewNumber view = 0;
  Commitment subject{};
  std::vector<bool> signers;
  Signature aggregate;

  // Identifies the certificate including its signatures (for the verified-certificate cache).
  Hash32 id() const;
  friend bool operator==(const Certificate&, const Certificate&) = default;
};

// A block as consensus orders it: the header (opaque here, checked by the BlockValidator) plus the
// fields consensus itself needs.
struct Leaf {
  ViewNumber view = 0;
  std::uint64_t height = 0;
  Commitment parent{};
  Commitment payload_commitment{};
  Bytes header;
  // The upgrade certificate, carried by blocks until one on the chain has it (see upgrade.hpp).
  // Part of the commitment, so that every node agrees on which block of a chain carries it.
  std::optional<Certificate> upgrade_certificate = std::nullopt;

  // SHA-256 over a fixed layout of every field; what quorum votes sign.
  Commitment commitment() const;
  friend bool operator==(const Leaf&, const Leaf&) = default;
};

// The leaf every node starts from (view 0, height 0); decided by definition.
Leaf genesis_leaf();

// The QC on the genesis leaf: view 0, no signers; accepted by definition.
Certificate genesis_qc();
bool is_genesis_qc(const Certificate& qc);

Hash32 vote_digest(CertificateKind kind, ViewNumber view, const Commitment& subject);

// One signer's vote; becomes part of a Certificate of the same kind, view and subject.
struct Vote {
  CertificateKind kind = CertificateKind::kQuorum;
  ViewNumber view = 0;
  Commitment subject{};
  NodeIndex signer = 0;
  Signature signature;
};

// Leader -> DA committee: the block's payload.
struct DaProposal {
  ViewNumber view = 0;
  Commitment payload_commitment{};
  Bytes payload;
  Signature signature;  // leader's, on da_proposal_digest
};
Hash32 da_proposal_digest(ViewNumber view, const Commitment& payload_commitment);

// Leader -> each node: that node's VID share. Unsigned: a share is only used once it verifies
// against the payload commitment of a signed quorum proposal.
struct VidDisperse {
  ViewNumber view = 0;
  Commitment payload_commitment{};
  NodeIndex recipient = 0;
  Bytes share;
};

// Leader -> everyone: the leaf with the QC for its parent, the TC when the previous view failed,
// and the DA certificate for its payload. `transactions` lists the payload's transaction
// commitments in block order, so nodes outside the DA committee can prune their mempools and every
// node can pair its pooled transactions with the payload's at decide.
struct QuorumProposal {
  Leaf leaf;
  Certificate justify;
  std::optional<Certificate> timeout;
  Certificate da;
  std::vector<Commitment> transactions;
  // In the upgrade window, until a certificate exists: the leader asks for upgrade votes.
  std::optional<UpgradeProposal> upgrade_proposal = std::nullopt;
  Signature signature;  // leader's, on proposal_digest

  ViewNumber view() const { return leaf.view; }
};
Hash32 proposal_digest(const QuorumProposal& proposal);

// Timeout votes are broadcast and carry what the sender knows, so lagging nodes catch up.
struct TimeoutVote {
  Vote vote;
  Certificate high_qc;
  std::optional<Certificate> last_tc;
};

// Catch-up: ask any node for the proposal of a leaf, answered with the signed proposal itself.
struct ProposalRequest {
  Commitment leaf{};
};
struct ProposalResponse {
  QuorumProposal proposal;
};

// Mempool gossip.
struct TransactionMessage {
  Bytes transaction;
};

// A QC, broadcast by the leader that formed it as soon as it has it. The proposal that carries it
// waits for the next payload's DA certificate; replicas lock and decide on the QC as it comes.
struct QuorumCertificateMessage {
  Certificate qc;
};

using Message =
    std::variant<DaProposal, VidDisperse, QuorumProposal, Vote, TimeoutVote, ProposalRequest,
                 ProposalResponse, TransactionMessage, QuorumCertificateMessage>;
using MessagePtr = std::shared_ptr<const Message>;

// The view a message belongs to (0 for view-less messages), for logs and traces.
ViewNumber message_view(const Message& message);
const char* message_name(const Message& message);

}  // namespace espresso::consensus
