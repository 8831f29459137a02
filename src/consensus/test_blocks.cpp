#include "consensus/test_blocks.hpp"

#include <algorithm>

#include "common/hash.hpp"

namespace espresso::consensus {
namespace {

void put_u64(Bytes& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

constexpr std::size_t kFixedHeaderSize = 3 + 4 + 8 + 8 + 32 + 32 + 8;

void put_u16(Bytes& out, std::uint16_t value) {
  out.push_back(static_cast<std::uint8_t>(value));
  out.push_back(static_cast<std::uint8_t>(value >> 8));
}

}  // namespace

BlockBuilder::BuiltPayload TestBlockBuilder::build_block_payload(
    std::span<const Bytes> transactions) {
  BuiltPayload built;
  for (std::size_t i = 0; i < transactions.size(); ++i) {
    const Bytes& tx = transactions[i];
    if (8 + tx.size() > max_payload_bytes_ - built.payload.size()) continue;
    put_u64(built.payload, tx.size());
    append(built.payload, tx);
    built.included.push_back(i);
  }
  return built;
}

std::vector<Bytes> test_payload_transactions(ByteView payload) {
  std::vector<Bytes> out;
  std::size_t at = 0;
  while (payload.size() - at >= 8) {
    std::uint64_t size = 0;
    for (int i = 0; i < 8; ++i) size |= std::uint64_t{payload[at + i]} << (8 * i);
    at += 8;
    if (size > payload.size() - at) break;
    out.emplace_back(payload.begin() + static_cast<std::ptrdiff_t>(at),
                     payload.begin() + static_cast<std::ptrdiff_t>(at + size));
    at += size;
  }
  return out;
}

Bytes TestBlockBuilder::build_header(const Leaf& parent, ViewNumber view, Version version,
                                     const Commitment& payload_commitment, ByteView payload) {
  return encode_test_header(parent, view, version, payload_commitment, payload.size());
}

Bytes encode_test_header(const Leaf& parent, ViewNumber view, Version version,
                         const Commitment& payload_commitment, std::size_t payload_size,
                         ByteView extra) {
  Bytes header = to_bytes(as_bytes("hdr"));
  put_u16(header, version.major);
  put_u16(header, version.minor);
  put_u64(header, view);
  put_u64(header, parent.height + 1);
  append(header, parent.commitment());
  append(header, payload_commitment);
  put_u64(header, payload_size);
  append(header, extra);
  return header;
}

std::optional<Version> test_header_version(ByteView header) {
  if (header.size() < kFixedHeaderSize ||
      !std::equal(header.begin(), header.begin() + 3, as_bytes("hdr").begin())) {
    return std::nullopt;
  }
  const auto u16 = [&](std::size_t at) {
    return static_cast<std::uint16_t>(header[at] | (header[at + 1] << 8));
  };
  return Version{u16(3), u16(5)};
}

std::optional<std::uint64_t> test_header_payload_size(ByteView header) {
  if (!test_header_version(header)) return std::nullopt;
  std::uint64_t size = 0;
  for (int i = 0; i < 8; ++i) size |= std::uint64_t{header[kFixedHeaderSize - 8 + i]} << (8 * i);
  return size;
}

Status TestBlockValidator::validate(const Leaf& parent, const Leaf& proposed, Version version,
                                    std::uint64_t payload_size) const {
  if (proposed.header.size() < kFixedHeaderSize) {
    return fail("test header: expected at least " + std::to_string(kFixedHeaderSize) +
                " bytes, got " + std::to_string(proposed.header.size()));
  }
  if (proposed.view <= parent.view) return fail("test header: view does not increase");
  Leaf expected_parent = parent;
  if (test_header_version(proposed.header) != version) {
    return fail("test header: expected version " + to_string(version));
  }
  const Bytes expected = encode_test_header(expected_parent, proposed.view, version,
                                            proposed.payload_commitment, payload_size);
  // Compare everything but the extra bytes.
  if (!std::equal(expected.begin(), expected.end(), proposed.header.begin())) {
    return fail("test header: fields do not match the leaf, its parent or the payload size " +
                std::to_string(payload_size));
  }
  return {};
}

Commitment FakeVid::commit(ByteView payload, std::size_t) const {
  return sha256(payload);
}

VidScheme::Dispersal FakeVid::disperse(ByteView payload, std::size_t num_nodes) const {
  return Dispersal{sha256(payload), std::vector<Bytes>(num_nodes, to_bytes(payload))};
}

bool FakeVid::verify_share(const Commitment& commitment, NodeIndex node, ByteView share,
                           std::size_t num_nodes) const {
  return node < num_nodes && sha256(share) == commitment;
}

std::optional<std::uint64_t> FakeVid::payload_size(ByteView share) const {
  return share.size();  // every share is the whole payload
}

Result<Bytes> FakeVid::recover(const Commitment& commitment,
                               std::span<const std::pair<NodeIndex, Bytes>> shares,
                               std::size_t num_nodes) const {
  for (const auto& [node, share] : shares) {
    if (verify_share(commitment, node, share, num_nodes)) return share;
  }
  return fail("fake vid: no share verifies against the commitment");
}

}  // namespace espresso::consensus
