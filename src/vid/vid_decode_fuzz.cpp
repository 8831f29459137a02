// Fuzz target for the VID decoders of untrusted bytes (shares, common parts, namespace proofs). The
// first byte picks the decoder; whatever decodes must re-encode to the same bytes, and is then run
// through the verifiers, which must reject it cleanly.
#include <cstdint>
#include <cstdlib>

#include "vid/codec.hpp"
#include "vid/dispersal.hpp"
#include "vid/namespace_proof.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace espresso;
  using namespace espresso::vid;
  if (size == 0) return 0;
  const ByteView input(data + 1, size - 1);
  const Hash32 commitment{};
  switch (data[0] % 3) {
    case 0:
      if (auto share = decode_share(input)) {
        if (!equal_bytes(encode_share(*share), input)) std::abort();
        Common common;
        common.recovery = 1;
        common.share_counts = {1};
        (void)verify_share(commitment, common, *share, share->node);
      }
      break;
    case 1:
      if (auto common = decode_common(input)) {
        if (!equal_bytes(encode_common(*common), input)) std::abort();
        (void)recover(commitment, *common, {});
      }
      break;
    default:
      if (auto proof = decode_namespace_proof(input)) {
        if (!equal_bytes(encode_namespace_proof(*proof), input)) std::abort();
        const std::uint64_t len = proof->payload_len;
        const std::uint64_t start = std::min<std::uint64_t>(len, proof->left_edge.size());
        const std::uint64_t end = std::min<std::uint64_t>(len, start + 64);
        const Bytes ns(end - start, 0);
        (void)verify_namespace(commitment, start, end, ns, *proof);
      }
      break;
  }
  return 0;
}
