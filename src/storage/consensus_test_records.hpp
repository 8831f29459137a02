#pragma once
// Tests only: consensus records with every field set, so a codec that drops one is caught.

#include <rapidcheck.h>

#include "consensus/messages.hpp"
#include "consensus/persistence.hpp"

namespace espresso::storage::testing {

inline Hash32 filled_hash(std::uint8_t seed) {
  Hash32 hash{};
  for (std::size_t i = 0; i < hash.size(); ++i) hash[i] = static_cast<std::uint8_t>(seed + i);
  return hash;
}

inline consensus::Leaf make_leaf(consensus::ViewNumber view, std::uint64_t height) {
  return consensus::Leaf{view, height, filled_hash(static_cast<std::uint8_t>(view)),
                         filled_hash(static_cast<std::uint8_t>(height + 7)),
                         Bytes{1, 2, 3, static_cast<std::uint8_t>(view)}};
}

inline consensus::Certificate make_qc(consensus::CertificateKind kind, consensus::ViewNumber view) {
  consensus::Certificate qc;
  qc.kind = kind;
  qc.view = view;
  qc.subject = filled_hash(static_cast<std::uint8_t>(view * 3));
  qc.signers = {true, false, true, true, false, false, false, false, true};
  qc.aggregate = Bytes(48, static_cast<std::uint8_t>(view));
  return qc;
}

inline consensus::QuorumProposal make_proposal(consensus::ViewNumber view, std::uint64_t height) {
  consensus::QuorumProposal proposal;
  proposal.leaf = make_leaf(view, height);
  proposal.justify = make_qc(consensus::CertificateKind::kQuorum, view - 1);
  if (view % 2 == 0) proposal.timeout = make_qc(consensus::CertificateKind::kTimeout, view - 1);
  proposal.da = make_qc(consensus::CertificateKind::kDa, view);
  proposal.transactions = {filled_hash(1), filled_hash(2)};
  if (view % 3 == 0) {
    proposal.upgrade_proposal = consensus::UpgradeProposal{{0, 1}, {0, 2}};
    proposal.leaf.upgrade_certificate = make_qc(consensus::CertificateKind::kUpgrade, view);
  }
  proposal.signature = Bytes(64, 0xab);
  return proposal;
}

inline consensus::PersistDaProposal make_da_proposal(consensus::ViewNumber view,
                                                     std::uint8_t payload_seed) {
  return consensus::PersistDaProposal{view, filled_hash(payload_seed),
                                      Bytes(40 + payload_seed % 8, payload_seed)};
}

inline consensus::PersistVidShare make_vid_share(consensus::ViewNumber view,
                                                 std::uint8_t payload_seed) {
  return consensus::PersistVidShare{view, filled_hash(payload_seed),
                                    Bytes(20 + payload_seed % 8, payload_seed ^ 0x55)};
}

}  // namespace espresso::storage::testing

namespace rc {

inline Gen<espresso::Hash32> arbitrary_hash() {
  return gen::container<espresso::Hash32>(gen::arbitrary<std::uint8_t>());
}

template <>
struct Arbitrary<espresso::consensus::Certificate> {
  static Gen<espresso::consensus::Certificate> arbitrary() {
    using espresso::consensus::Certificate;
    using espresso::consensus::CertificateKind;
    return gen::build<Certificate>(
        gen::set(&Certificate::kind,
                 gen::element(CertificateKind::kQuorum, CertificateKind::kDa,
                              CertificateKind::kTimeout, CertificateKind::kUpgrade)),
        gen::set(&Certificate::view), gen::set(&Certificate::subject, arbitrary_hash()),
        gen::set(&Certificate::signers), gen::set(&Certificate::aggregate));
  }
};

template <>
struct Arbitrary<espresso::consensus::Leaf> {
  static Gen<espresso::consensus::Leaf> arbitrary() {
    using espresso::consensus::Leaf;
    return gen::build<Leaf>(gen::set(&Leaf::view), gen::set(&Leaf::height), gen::set(&Leaf::parent),
                            gen::set(&Leaf::payload_commitment), gen::set(&Leaf::header));
  }
};

}  // namespace rc
