// Fuzz target for the stored consensus records: any bytes decode to a value or an error, and what
// decodes re-encodes to the same bytes (the format is canonical).

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "storage/consensus_codec.hpp"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace espresso;
  const ByteView blob(data, size);
  if (auto proposal = storage::decode_proposal(blob)) {
    const Bytes again = storage::encode_proposal(*proposal);
    require(Bytes(blob.begin(), blob.end()) == again);
  }
  if (auto qc = storage::decode_certificate(blob)) {
    const Bytes again = storage::encode_certificate(*qc);
    require(Bytes(blob.begin(), blob.end()) == again);
  }
  if (auto decided = storage::decode_decided(blob)) {
    const Bytes again = storage::encode_decided(*decided);
    require(Bytes(blob.begin(), blob.end()) == again);
  }
  return 0;
}
