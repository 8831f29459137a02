// Fuzz target for the VID decoders of untrusted bytes (shares, common parts, namespace proofs). The
// first byte picks a mode. Modes 0-2 decode the rest as one value: whatever decodes must re-encode
// to the same bytes and be rejected cleanly by the verifiers. Mode 3 disperses the rest as a
// payload, flips one bit of an encoded share and namespace proof, and checks that what still
// decodes verifies exactly when it is unchanged.
#include <cstdint>
#include <cstdlib>

#include "vid/codec.hpp"
#include "vid/dispersal.hpp"
#include "vid/namespace_proof.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using namespace espresso;
using namespace espresso::vid;

void check(bool condition) {
  if (!condition) std::abort();
}

void decode_untrusted(std::uint8_t mode, ByteView input) {
  const Hash32 commitment{};
  if (mode == 0) {
    if (auto share = decode_share(input)) {
      check(equal_bytes(encode_share(*share), input));
      const Common common{0, 1, {1}, {}, {}};
      check(!verify_share(commitment, common, *share, share->node));
    }
  } else if (mode == 1) {
    if (auto common = decode_common(input)) {
      check(equal_bytes(encode_common(*common), input));
      check(!recover(commitment, *common, {}));
    }
  } else if (auto proof = decode_namespace_proof(input)) {
    check(equal_bytes(encode_namespace_proof(*proof), input));
    const std::uint64_t start =
        std::min<std::uint64_t>(proof->payload_len, proof->left_edge.size());
    const std::uint64_t end = std::min<std::uint64_t>(proof->payload_len, start + 64);
    const Bytes ns(end - start, 0);
    check(!verify_namespace(commitment, start, end, ns, *proof));
  }
}

void flip_bit(Bytes& bytes, std::size_t seed) {
  if (!bytes.empty()) bytes[seed % bytes.size()] ^= static_cast<std::uint8_t>(1u << (seed % 8));
}

void mutate_valid(ByteView input) {
  const ByteView payload = input.first(std::min<std::size_t>(input.size(), 3000));
  const std::vector<std::uint64_t> weights{1, 2, 3};
  const auto d = disperse(payload, weights).value();
  const std::size_t seed = input.empty() ? 0 : input[0] * 257u + input.back();
  const auto node = static_cast<std::uint32_t>(seed % 3);
  Bytes share_bytes = encode_share(d.shares[node]);
  flip_bit(share_bytes, seed);
  if (auto share = decode_share(share_bytes)) {
    const bool same = *share == d.shares[node];
    check(static_cast<bool>(verify_share(d.commitment, d.common, *share, node)) == same);
  }
  const std::uint64_t start = seed % (payload.size() + 1);
  const std::uint64_t end = start + (seed / 7) % (payload.size() - start + 1);
  const auto proof = prove_namespace(payload, d.common, start, end).value();
  Bytes proof_bytes = encode_namespace_proof(proof);
  flip_bit(proof_bytes, seed / 3);
  if (auto decoded = decode_namespace_proof(proof_bytes)) {
    const bool same = *decoded == proof;
    const auto ns = payload.subspan(start, end - start);
    check(static_cast<bool>(verify_namespace(d.commitment, start, end, ns, *decoded)) == same);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const ByteView input(data + 1, size - 1);
  if (data[0] % 4 == 3) {
    mutate_valid(input);
  } else {
    decode_untrusted(data[0] % 4, input);
  }
  return 0;
}
