// Fuzz target for the network codec of consensus messages: any bytes decode to a message or an
// error, and what decodes re-encodes to the same bytes (the format is canonical).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/check.hpp"
#include "consensus/wire/message_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using namespace espresso;
using namespace espresso::consensus;

void check_canonical(ByteView bytes) {
  static const wire::WireLimits limits = wire::wire_limits();
  if (auto message = wire::decode_message(bytes, limits)) {
    const Bytes again = wire::encode_message(*message);
    ESEQ_CHECK(Bytes(bytes.begin(), bytes.end()) == again,
               "a decoded message re-encodes to its bytes");
  }
}

// One valid encoding of every kind, with every optional field present.
std::vector<Bytes> samples() {
  Certificate qc{CertificateKind::kQuorum, 3, Commitment{}, {true, false, true}, Bytes(4, 9)};
  QuorumProposal proposal;
  proposal.leaf.header = Bytes(5, 1);
  proposal.leaf.upgrade_certificate = qc;
  proposal.justify = qc;
  proposal.timeout = qc;
  proposal.da = qc;
  proposal.transactions.assign(2, Commitment{});
  proposal.upgrade_proposal = UpgradeProposal{{0, 1}, {0, 2}};
  proposal.signature = Bytes(3, 2);
  const Vote vote{CertificateKind::kTimeout, 4, Commitment{}, 1, Bytes(3, 3)};
  std::vector<Message> messages = {DaProposal{1, Commitment{}, Bytes(6, 4), Bytes(3, 5)},
                                   VidDisperse{1, Commitment{}, 2, Bytes(6, 6)},
                                   proposal,
                                   vote,
                                   TimeoutVote{vote, qc, qc},
                                   ProposalRequest{Commitment{}},
                                   ProposalResponse{proposal},
                                   TransactionMessage{Bytes(4, 7)},
                                   QuorumCertificateMessage{qc}};
  std::vector<Bytes> out;
  for (const auto& message : messages) out.push_back(wire::encode_message(message));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_canonical(ByteView(data, size));
  // Random bytes rarely get past the version and kind bytes. So also decode a valid message of the
  // kind data[0] picks, with (u16 offset, value) triples of the input written over it and its
  // length cut by a leftover byte: mutations then reach every field.
  static const std::vector<Bytes> kSamples = samples();
  if (size == 0) return 0;
  Bytes mutated = kSamples[data[0] % kSamples.size()];
  std::size_t i = 1;
  for (; i + 2 < size; i += 3) {
    const std::size_t offset = data[i] | (std::size_t{data[i + 1]} << 8);
    mutated[offset % mutated.size()] = data[i + 2];
  }
  if (i < size) mutated.resize(data[i] % (mutated.size() + 1));
  check_canonical(mutated);
  return 0;
}
