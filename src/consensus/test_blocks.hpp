#pragma once
// Small stand-ins for the block layer and VID, used by the simulator and tests until state/ and
// vid/ are wired: a header that binds (view, height, parent, payload commitment, payload size), a
// payload of length-prefixed transactions, and a "VID" whose every share is the whole payload.

#include <cstdint>
#include <optional>

#include "consensus/block_interfaces.hpp"

namespace espresso::consensus {

// Takes transactions in order while the payload stays within `max_payload_bytes` (a transaction
// that does not fit is left out, later smaller ones may still fit).
class TestBlockBuilder final : public BlockBuilder {
 public:
  explicit TestBlockBuilder(std::size_t max_payload_bytes = SIZE_MAX)
      : max_payload_bytes_(max_payload_bytes) {}
  BuiltPayload build_block_payload(std::span<const Bytes> transactions) override;
  Bytes build_header(const Leaf& parent, ViewNumber view, Version version,
                     const Commitment& payload_commitment, ByteView payload) override;

 private:
  std::size_t max_payload_bytes_;
};

// The transactions of a TestBlockBuilder payload, read leniently (a truncated tail is ignored).
std::vector<Bytes> test_payload_transactions(ByteView payload);

// Header layout: "hdr" | version major u16 | minor u16 | view u64 | height u64 | parent 32 |
// payload commitment 32 | size u64 | free-form extra bytes (a Byzantine leader varies them to
// equivocate with a valid header). The version prefix is the "format" that an upgrade switches.
Bytes encode_test_header(const Leaf& parent, ViewNumber view, Version version,
                         const Commitment& payload_commitment, std::size_t payload_size,
                         ByteView extra = {});
// The version a test header is written in; nullopt when it is not a test header.
std::optional<Version> test_header_version(ByteView header);
// The payload size a test header states; nullopt when it is not a test header.
std::optional<std::uint64_t> test_header_payload_size(ByteView header);

// Checks every fixed field, including the payload size against the one the replica knows.
class TestBlockValidator final : public BlockValidator {
 public:
  Status validate(const Leaf& parent, const Leaf& proposed, Version version,
                  std::uint64_t payload_size) const override;
};

class FakeVid final : public VidScheme {
 public:
  Commitment commit(ByteView payload, std::size_t num_nodes) const override;
  Dispersal disperse(ByteView payload, std::size_t num_nodes) const override;
  bool verify_share(const Commitment& commitment, NodeIndex node, ByteView share,
                    std::size_t num_nodes) const override;
  std::optional<std::uint64_t> payload_size(ByteView share) const override;
  Result<Bytes> recover(const Commitment& commitment,
                        std::span<const std::pair<NodeIndex, Bytes>> shares,
                        std::size_t num_nodes) const override;
};

}  // namespace espresso::consensus
