// Fuzz target for the frame decoder: arbitrary bytes either decode to frames that re-encode to the
// same bytes, or are refused with an error; nothing reads out of bounds.
#include <cstdint>
#include <cstdlib>

#include "network/frame.hpp"
#include "network/peer_auth.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace espresso;
  ByteView input(data, size);
  // The first byte picks the maximum payload size, so both branches of the bound are reached.
  const std::size_t max_payload = size == 0 ? 0 : data[0] * 4u;
  while (!input.empty()) {
    std::size_t consumed = 0;
    const auto frame = decode_frame(input, max_payload, consumed);
    if (!frame) break;
    if (consumed < kFrameHeaderSize || consumed > input.size()) std::abort();
    if (frame->payload.size() > max_payload) std::abort();
    if (!equal_bytes(encode_frame(frame->kind, frame->payload), input.first(consumed))) {
      std::abort();
    }
    if (frame->kind == FrameKind::hello) {
      // The hello check must refuse arbitrary bytes without throwing.
      const PeerAllowList nobody({});
      if (verify_hello(frame->payload, input, ConnectionRole::dialer, nobody, {})) std::abort();
    }
    input = input.subspan(consumed);
  }
  return 0;
}
