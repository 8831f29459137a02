#include "submit_body.hpp"

#include <algorithm>
#include <random>

#include "common/base64.hpp"

namespace espresso {
namespace {

constexpr std::size_t kIdentityBytes = 16;
// The head encoded per transaction: the identity bytes rounded up to a whole base64 group (3
// bytes), so that the tail's base64 can be appended as is.
constexpr std::size_t kHeadBytes = 18;

}  // namespace

Bytes make_payload(std::uint64_t seed, std::uint64_t index, std::size_t size) {
  Bytes payload(std::max(size, kIdentityBytes));
  for (std::size_t i = 0; i < 8; ++i) {
    payload[i] = static_cast<std::uint8_t>(index >> (8 * i));
    payload[8 + i] = static_cast<std::uint8_t>(seed >> (8 * i));
  }
  std::mt19937_64 random(seed);
  for (std::size_t i = kIdentityBytes; i < payload.size(); i += 8) {
    const std::uint64_t word = random();
    for (std::size_t j = 0; j < 8 && i + j < payload.size(); ++j) {
      payload[i + j] = static_cast<std::uint8_t>(word >> (8 * j));
    }
  }
  return payload;
}

namespace {

std::string key_of(NamespaceId ns, std::uint64_t size, ByteView head) {
  std::string key;
  key.reserve(16 + head.size());
  for (const std::uint64_t word : {ns, size}) {
    for (std::size_t i = 0; i < 8; ++i) key.push_back(static_cast<char>(word >> (8 * i)));
  }
  key.append(reinterpret_cast<const char*>(head.data()), head.size());
  return key;
}

}  // namespace

std::string transaction_key(NamespaceId ns, ByteView payload) {
  return key_of(ns, payload.size(), payload.first(std::min(payload.size(), kIdentityBytes)));
}

SubmitBodyEncoder::SubmitBodyEncoder(std::uint64_t seed, std::size_t payload_size)
    : seed_(seed),
      size_(std::max(payload_size, kIdentityBytes)),
      first_payload_(make_payload(seed_, 0, size_)) {
  if (size_ > kHeadBytes) {
    tail_base64_ = base64_encode(ByteView(first_payload_).subspan(kHeadBytes));
  }
}

Bytes SubmitBodyEncoder::payload(std::uint64_t index) const {
  Bytes payload = first_payload_;
  for (std::size_t i = 0; i < 8; ++i) payload[i] = static_cast<std::uint8_t>(index >> (8 * i));
  return payload;
}

std::string SubmitBodyEncoder::key(std::uint64_t index, NamespaceId ns) const {
  return key_of(ns, size_, make_payload(seed_, index, kIdentityBytes));
}

std::string SubmitBodyEncoder::transaction_json(std::uint64_t index, NamespaceId ns) const {
  std::string payload_base64;
  if (size_ > kHeadBytes) {
    const Bytes head = make_payload(seed_, index, kHeadBytes);
    // The tail's random bytes continue where the head's stop: make_payload draws the same
    // sequence for any size, so the head's last 2 bytes match the full payload's.
    payload_base64 = base64_encode(head) + tail_base64_;
  } else {
    payload_base64 = base64_encode(make_payload(seed_, index, size_));
  }
  std::string json;
  json.reserve(payload_base64.size() + 48);
  json += "{\"namespace\":";
  json += std::to_string(ns);
  json += ",\"payload\":\"";
  json += payload_base64;
  json += "\"}";
  return json;
}

}  // namespace espresso
