// Fuzz target: a replica of a 4-node network fed arbitrary message sequences from any sender.
// Fields are drawn from the input; signatures and certificates are either garbage or correctly
// made with the fake keys (so validation past the signature checks is reached too). The replica
// must never crash or trip an invariant, whatever arrives.

#include <cstddef>
#include <cstdint>

#include "consensus/fake_signatures.hpp"
#include "consensus/replica.hpp"
#include "consensus/test_blocks.hpp"

namespace {

using namespace espresso;
using namespace espresso::consensus;

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::uint64_t below(std::uint64_t bound) { return byte() % bound; }
  Bytes bytes(std::size_t max) {
    Bytes out(below(max + 1));
    for (auto& b : out) b = byte();
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

constexpr std::size_t kNodes = 4;

struct Network {
  FakeKeys keys{3, kNodes};
  std::vector<std::unique_ptr<Signer>> signers;
  std::unique_ptr<SignatureVerifier> verifier = keys.verifier();
  StakeTable table = *StakeTable::create({{1, true}, {1, true}, {2, false}, {1, true}});
  TestBlockBuilder builder;
  TestBlockValidator validator;
  FakeVid vid;
  std::vector<Commitment> commitments{genesis_leaf().commitment(), Commitment{}};
  std::vector<Leaf> leaves{genesis_leaf()};

  Network() {
    for (NodeIndex i = 0; i < kNodes; ++i) signers.push_back(keys.signer(i));
  }

  Signature signature(Input& in, NodeIndex signer, const Hash32& digest) {
    if (in.below(4) == 0) return in.bytes(40);
    return signers[signer % kNodes]->sign(digest);
  }

  Commitment commitment(Input& in) {
    if (in.below(8) == 0) {
      Commitment c{};
      for (auto& b : c) b = in.byte();
      return c;
    }
    return commitments[in.below(commitments.size())];
  }

  Certificate certificate(Input& in, CertificateKind kind) {
    Certificate cert{kind,
                     in.below(12),
                     kind == CertificateKind::kTimeout ? Commitment{} : commitment(in),
                     {},
                     {}};
    if (in.below(6) == 0) return genesis_qc();
    cert.signers.resize(in.below(8) == 0 ? in.below(6) : kNodes);
    std::vector<Signature> sigs;
    for (std::size_t i = 0; i < cert.signers.size(); ++i) {
      cert.signers[i] = in.below(4) != 0;
      if (cert.signers[i] && i < kNodes) {
        sigs.push_back(signers[i]->sign(vote_digest(kind, cert.view, cert.subject)));
      }
    }
    auto aggregate = verifier->aggregate(sigs);
    cert.aggregate = in.below(5) == 0 || !aggregate ? in.bytes(40) : *aggregate;
    return cert;
  }

  Message message(Input& in) {
    const ViewNumber view = in.below(12);
    switch (in.below(8)) {
      case 0: {
        Bytes payload = in.bytes(64);
        const Commitment c = in.below(3) == 0 ? commitment(in) : vid.commit(payload, kNodes);
        commitments.push_back(c);
        return DaProposal{view, c, payload,
                          signature(in, table.leader(view), da_proposal_digest(view, c))};
      }
      case 1: {
        Bytes share = in.bytes(64);
        const Commitment c = vid.commit(share, kNodes);
        commitments.push_back(c);
        return VidDisperse{view, in.below(3) == 0 ? commitment(in) : c,
                           static_cast<NodeIndex>(in.below(5)), share};
      }
      case 2:
      case 6: {
        const Leaf& parent = leaves[in.below(leaves.size())];
        QuorumProposal p;
        p.leaf =
            Leaf{view, parent.height + 1, parent.commitment(), commitment(in),
                 encode_test_header(parent, view, Version{}, commitments.back(), 0, in.bytes(4))};
        p.justify = certificate(in, CertificateKind::kQuorum);
        if (in.below(2) == 0) p.justify.subject = p.leaf.parent;
        if (in.below(3) == 0) p.timeout = certificate(in, CertificateKind::kTimeout);
        p.da = certificate(in, CertificateKind::kDa);
        p.transactions.resize(in.below(3));
        p.signature = signature(in, table.leader(view), proposal_digest(p));
        leaves.push_back(p.leaf);
        commitments.push_back(p.leaf.commitment());
        if (in.below(4) == 0) return ProposalResponse{p};
        return p;
      }
      case 3: {
        const auto kind = static_cast<CertificateKind>(1 + in.below(3));
        const NodeIndex signer = static_cast<NodeIndex>(in.below(5));
        const Commitment c = commitment(in);
        return Vote{kind, view, c, signer, signature(in, signer, vote_digest(kind, view, c))};
      }
      case 4: {
        const NodeIndex signer = static_cast<NodeIndex>(in.below(5));
        TimeoutVote tv{
            Vote{CertificateKind::kTimeout, view, Commitment{}, signer,
                 signature(in, signer, vote_digest(CertificateKind::kTimeout, view, Commitment{}))},
            certificate(in, CertificateKind::kQuorum), std::nullopt};
        if (in.below(2) == 0) tv.last_tc = certificate(in, CertificateKind::kTimeout);
        return tv;
      }
      case 5:
        return ProposalRequest{commitment(in)};
      default:
        return TransactionMessage{in.bytes(32)};
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input in(data, size);
  Network net;
  const NodeIndex me = static_cast<NodeIndex>(in.below(kNodes));
  Replica replica(ReplicaConfig{}, {net.table, *net.signers[me], *net.verifier, net.builder,
                                    net.validator, net.vid});
  (void)replica.start(std::nullopt);
  for (int step = 0; step < 64 && !in.done(); ++step) {
    if (in.below(8) == 0) {
      (void)replica.on_timer(replica.view());
      continue;
    }
    const auto from = static_cast<NodeIndex>(in.below(kNodes + 1));
    (void)replica.on_message(from, net.message(in));
  }
  return 0;
}
