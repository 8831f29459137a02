// Fuzz target for the stored consensus records: any bytes decode to a value or an error, and what
// decodes re-encodes to the same bytes (the format is canonical).

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "common/check.hpp"
#include "storage/consensus_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace espresso;
  const ByteView blob(data, size);
  if (auto proposal = storage::decode_proposal(blob)) {
    const Bytes again = storage::encode_proposal(*proposal);
    ESEQ_CHECK(Bytes(blob.begin(), blob.end()) == again, "fuzz property");
  }
  if (auto qc = storage::decode_certificate(blob)) {
    const Bytes again = storage::encode_certificate(*qc);
    ESEQ_CHECK(Bytes(blob.begin(), blob.end()) == again, "fuzz property");
  }
  if (auto decided = storage::decode_decided(blob)) {
    const Bytes again = storage::encode_decided(*decided);
    ESEQ_CHECK(Bytes(blob.begin(), blob.end()) == again, "fuzz property");
  }
  if (auto da = storage::decode_da_proposal(blob)) {
    const Bytes again = storage::encode_da_proposal(*da);
    ESEQ_CHECK(Bytes(blob.begin(), blob.end()) == again, "fuzz property");
  }
  if (auto share = storage::decode_vid_share(blob)) {
    const Bytes again = storage::encode_vid_share(*share);
    ESEQ_CHECK(Bytes(blob.begin(), blob.end()) == again, "fuzz property");
  }
  return 0;
}
