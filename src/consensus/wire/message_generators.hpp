#pragma once
// RapidCheck generators of every consensus message (tests and benchmarks of the wire codec).
// Sizes stay well inside the default WireLimits so generated messages always encode and decode.

#include <optional>

#include <rapidcheck.h>

#include "consensus/messages.hpp"

namespace espresso::consensus::wire::testing {

template <typename T>
rc::Gen<std::vector<T>> vector_of(std::size_t max_size, rc::Gen<T> element) {
  return rc::gen::exec([max_size, element] {
    const auto size = *rc::gen::inRange<std::size_t>(0, max_size + 1);
    return *rc::gen::container<std::vector<T>>(size, element);
  });
}

inline rc::Gen<Bytes> small_bytes(std::size_t max_size) {
  return vector_of(max_size, rc::gen::arbitrary<std::uint8_t>());
}

template <typename T>
std::optional<T> maybe(const rc::Gen<T>& gen) {
  if (!*rc::gen::arbitrary<bool>()) return std::nullopt;
  return *gen;
}

inline rc::Gen<CertificateKind> certificate_kind() {
  return rc::gen::element(CertificateKind::kQuorum, CertificateKind::kDa, CertificateKind::kTimeout,
                          CertificateKind::kUpgrade);
}

inline rc::Gen<Certificate> certificate() {
  return rc::gen::exec([] {
    Certificate qc;
    qc.kind = *certificate_kind();
    qc.view = *rc::gen::arbitrary<ViewNumber>();
    qc.subject = *rc::gen::arbitrary<Commitment>();
    qc.signers = *vector_of(40, rc::gen::arbitrary<bool>());
    qc.aggregate = *small_bytes(96);
    return qc;
  });
}

inline rc::Gen<Leaf> leaf() {
  return rc::gen::exec([] {
    Leaf leaf;
    leaf.view = *rc::gen::arbitrary<ViewNumber>();
    leaf.height = *rc::gen::arbitrary<std::uint64_t>();
    leaf.parent = *rc::gen::arbitrary<Commitment>();
    leaf.payload_commitment = *rc::gen::arbitrary<Commitment>();
    leaf.header = *small_bytes(200);
    leaf.upgrade_certificate = maybe(certificate());
    return leaf;
  });
}

inline rc::Gen<Version> version() {
  return rc::gen::exec([] {
    return Version{*rc::gen::arbitrary<std::uint16_t>(), *rc::gen::arbitrary<std::uint16_t>()};
  });
}

inline rc::Gen<QuorumProposal> quorum_proposal() {
  return rc::gen::exec([] {
    QuorumProposal proposal;
    proposal.leaf = *leaf();
    proposal.justify = *certificate();
    proposal.timeout = maybe(certificate());
    proposal.da = *certificate();
    proposal.transactions = *vector_of(20, rc::gen::arbitrary<Commitment>());
    proposal.upgrade_proposal = maybe(rc::gen::exec([] {
      return UpgradeProposal{*version(), *version()};
    }));
    proposal.signature = *small_bytes(96);
    return proposal;
  });
}

inline rc::Gen<Vote> vote() {
  return rc::gen::exec([] {
    return Vote{*certificate_kind(), *rc::gen::arbitrary<ViewNumber>(),
                *rc::gen::arbitrary<Commitment>(), *rc::gen::arbitrary<NodeIndex>(),
                *small_bytes(96)};
  });
}

// One message of every variant, chosen uniformly.
inline rc::Gen<Message> message() {
  return rc::gen::exec([]() -> Message {
    const ViewNumber view = *rc::gen::arbitrary<ViewNumber>();
    const Commitment commitment = *rc::gen::arbitrary<Commitment>();
    switch (*rc::gen::inRange(0, 9)) {
      case 0:
        return DaProposal{view, commitment, *small_bytes(500), *small_bytes(96)};
      case 1:
        return VidDisperse{view, commitment, *rc::gen::arbitrary<NodeIndex>(), *small_bytes(500)};
      case 2:
        return *quorum_proposal();
      case 3:
        return *vote();
      case 4:
        return TimeoutVote{*vote(), *certificate(), maybe(certificate())};
      case 5:
        return ProposalRequest{commitment};
      case 6:
        return ProposalResponse{*quorum_proposal()};
      case 7:
        return TransactionMessage{*small_bytes(300)};
      default:
        return QuorumCertificateMessage{*certificate()};
    }
  });
}

}  // namespace espresso::consensus::wire::testing
