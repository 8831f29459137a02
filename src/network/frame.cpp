#include "network/frame.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "common/check.hpp"

namespace espresso {

std::array<std::uint8_t, kFrameHeaderSize> frame_header(FrameKind kind, std::size_t payload_size) {
  ESEQ_CHECK(payload_size <= std::numeric_limits<std::uint32_t>::max() - kEnvelopeHeaderSize,
             "frame payload does not fit a u32 length");
  const auto length = static_cast<std::uint32_t>(payload_size + kEnvelopeHeaderSize);
  return {static_cast<std::uint8_t>(length),
          static_cast<std::uint8_t>(length >> 8),
          static_cast<std::uint8_t>(length >> 16),
          static_cast<std::uint8_t>(length >> 24),
          kFrameVersion,
          static_cast<std::uint8_t>(kind)};
}

Bytes encode_frame(FrameKind kind, ByteView payload) {
  const auto header = frame_header(kind, payload.size());
  // Sized up front: growing from the 6-byte header trips a false g++ 12 -Warray-bounds.
  Bytes out(header.size() + payload.size());
  std::copy(header.begin(), header.end(), out.begin());
  std::copy(payload.begin(), payload.end(), out.begin() + kFrameHeaderSize);
  return out;
}

Result<std::uint32_t> decode_frame_length(ByteView prefix, std::size_t max_payload_size) {
  if (prefix.size() < kFrameLengthSize) {
    return fail("frame length prefix has " + std::to_string(prefix.size()) + " bytes, expected 4");
  }
  const std::uint32_t length = std::uint32_t{prefix[0]} | std::uint32_t{prefix[1]} << 8 |
                               std::uint32_t{prefix[2]} << 16 | std::uint32_t{prefix[3]} << 24;
  if (length < kEnvelopeHeaderSize) {
    return fail("frame length " + std::to_string(length) +
                " is too short for the version and kind bytes (expected at least 2)");
  }
  if (length - kEnvelopeHeaderSize > max_payload_size) {
    return fail("frame payload of " + std::to_string(length - kEnvelopeHeaderSize) +
                " bytes exceeds the maximum of " + std::to_string(max_payload_size));
  }
  return length;
}

Result<FrameView> decode_envelope(ByteView envelope) {
  if (envelope.size() < kEnvelopeHeaderSize) {
    return fail("frame envelope has " + std::to_string(envelope.size()) +
                " bytes, expected at least 2");
  }
  if (envelope[0] != kFrameVersion) {
    return fail("unsupported frame version " + std::to_string(envelope[0]) + " (expected " +
                std::to_string(kFrameVersion) + ")");
  }
  const std::uint8_t kind = envelope[1];
  if (kind != static_cast<std::uint8_t>(FrameKind::hello) &&
      kind != static_cast<std::uint8_t>(FrameKind::message)) {
    return fail("unknown frame kind " + std::to_string(kind) +
                " (expected 1 for hello or 2 for message)");
  }
  return FrameView{static_cast<FrameKind>(kind), envelope.subspan(kEnvelopeHeaderSize)};
}

Result<FrameView> decode_frame(ByteView buffer, std::size_t max_payload_size,
                               std::size_t& consumed) {
  auto length = decode_frame_length(buffer.first(std::min(buffer.size(), kFrameLengthSize)),
                                    max_payload_size);
  if (!length) return fail(std::move(length).error());
  if (buffer.size() - kFrameLengthSize < *length) {
    return fail("frame announces " + std::to_string(*length) + " bytes but only " +
                std::to_string(buffer.size() - kFrameLengthSize) + " follow");
  }
  auto frame = decode_envelope(buffer.subspan(kFrameLengthSize, *length));
  if (frame) consumed = kFrameLengthSize + *length;
  return frame;
}

}  // namespace espresso
