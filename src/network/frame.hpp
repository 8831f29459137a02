#pragma once
// Wire framing of the transport. Every frame is
//   u32 LE length | version u8 | kind u8 | payload
// where length counts the envelope (version, kind and payload). The decoder checks every bound and
// returns an error for anything else; a frame longer than the configured maximum is rejected from
// its length alone, before any of it is buffered.

#include <array>
#include <cstddef>
#include <cstdint>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace espresso {

inline constexpr std::uint8_t kFrameVersion = 1;
inline constexpr std::size_t kFrameLengthSize = 4;
inline constexpr std::size_t kEnvelopeHeaderSize = 2;  // version, kind
inline constexpr std::size_t kFrameHeaderSize = kFrameLengthSize + kEnvelopeHeaderSize;

enum class FrameKind : std::uint8_t {
  hello = 1,    // staking key and session-bound signature, once per direction after TLS
  message = 2,  // an opaque message for the layer above (consensus)
};

struct FrameView {
  FrameKind kind;
  ByteView payload;
};

// Length prefix and envelope header of a frame carrying `payload_size` bytes.
std::array<std::uint8_t, kFrameHeaderSize> frame_header(FrameKind kind, std::size_t payload_size);

// A whole frame (header and payload) in one buffer.
Bytes encode_frame(FrameKind kind, ByteView payload);

// The envelope size announced by a 4-byte length prefix. Fails when it cannot hold an envelope
// header or when its payload would exceed `max_payload_size`.
Result<std::uint32_t> decode_frame_length(ByteView prefix, std::size_t max_payload_size);

// Version, kind and payload of an envelope (the bytes after the length prefix).
Result<FrameView> decode_envelope(ByteView envelope);

// One whole frame at the start of `buffer`; `consumed` is set to its size on success.
Result<FrameView> decode_frame(ByteView buffer, std::size_t max_payload_size,
                               std::size_t& consumed);

}  // namespace espresso
