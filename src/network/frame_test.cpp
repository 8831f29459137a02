#include "network/frame.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace espresso {
namespace {

TEST(Frame, EncodesLengthVersionKindPayload) {
  const Bytes payload = {0xaa, 0xbb, 0xcc};
  const Bytes frame = encode_frame(FrameKind::message, payload);
  EXPECT_EQ(frame, (Bytes{5, 0, 0, 0, 1, 2, 0xaa, 0xbb, 0xcc}));
}

TEST(Frame, RejectsOversizedFromTheLengthAlone) {
  const Bytes prefix = {0x02, 0x01, 0, 0};  // 258 = 2 + 256-byte payload
  EXPECT_TRUE(decode_frame_length(prefix, 256));
  const auto error = decode_frame_length(prefix, 255);
  ASSERT_FALSE(error);
  EXPECT_NE(error.error().message.find("exceeds the maximum of 255"), std::string::npos);
}

TEST(Frame, RejectsShortLengthBadVersionAndUnknownKind) {
  EXPECT_FALSE(decode_frame_length(Bytes{1, 0, 0, 0}, 100));
  EXPECT_FALSE(decode_frame_length(Bytes{1, 0}, 100));
  const auto version = decode_envelope(Bytes{2, 2});
  ASSERT_FALSE(version);
  EXPECT_NE(version.error().message.find("unsupported frame version 2"), std::string::npos);
  const auto kind = decode_envelope(Bytes{1, 9});
  ASSERT_FALSE(kind);
  EXPECT_NE(kind.error().message.find("unknown frame kind 9"), std::string::npos);
}

TEST(Frame, RejectsTruncatedFrame) {
  Bytes frame = encode_frame(FrameKind::hello, Bytes(10, 7));
  frame.pop_back();
  std::size_t consumed = 0;
  EXPECT_FALSE(decode_frame(frame, 100, consumed));
  EXPECT_EQ(consumed, 0u);
}

RC_GTEST_PROP(Frame, RoundTrips, (const std::vector<std::uint8_t>& payload, bool hello)) {
  const FrameKind kind = hello ? FrameKind::hello : FrameKind::message;
  Bytes buffer = encode_frame(kind, payload);
  const std::size_t frame_size = buffer.size();
  buffer.push_back(0x55);  // whatever follows is not part of the frame
  std::size_t consumed = 0;
  const auto frame = decode_frame(buffer, payload.size(), consumed);
  RC_ASSERT(frame.has_value());
  RC_ASSERT(frame->kind == kind);
  RC_ASSERT(equal_bytes(frame->payload, payload));
  RC_ASSERT(consumed == frame_size);
  if (!payload.empty()) RC_ASSERT(!decode_frame(buffer, payload.size() - 1, consumed));
}

}  // namespace
}  // namespace espresso
