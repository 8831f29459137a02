#pragma once
// The transactions tx-generator sends, and their submit-API JSON built without re-encoding the
// whole payload for each one (binary bodies use payload(), see tx_generator.cpp): every payload of
// a run shares one pseudo-random tail and differs in its first 16 bytes (index and seed), so only
// the head's base64 changes from one to the next.

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/bytes.hpp"
#include "types/transaction.hpp"

namespace espresso {

// Payload number `index` of the run with `seed`: the index and the seed (8 bytes little-endian
// each), then a pseudo-random tail that depends on the seed only. At least 16 bytes long. Every
// payload of a run differs, so mempools do not deduplicate them.
Bytes make_payload(std::uint64_t seed, std::uint64_t index, std::size_t size);

// How the generator knows its own transactions in a decided block without hashing them: the
// namespace, the payload's length and its first 16 bytes (index and seed). Keccak-256 of every
// decided byte took the watcher about 4% of the 2-core VM at 30 MB/s, on the machine the network
// under test runs on. Unique among a run's transactions; another client's matches only if it
// copies all three.
std::string transaction_key(NamespaceId ns, ByteView payload);

class SubmitBodyEncoder {
 public:
  SubmitBodyEncoder(std::uint64_t seed, std::size_t payload_size);

  // {"namespace":NS,"payload":"<base64 of make_payload(seed, index, size)>"}
  std::string transaction_json(std::uint64_t index, NamespaceId ns) const;
  // make_payload(seed, index, size), patched from one copy made for the run.
  Bytes payload(std::uint64_t index) const;
  // transaction_key(ns, payload(index)), without building the payload.
  std::string key(std::uint64_t index, NamespaceId ns) const;
  std::size_t payload_size() const { return size_; }

 private:
  std::uint64_t seed_;
  std::size_t size_;
  std::string tail_base64_;  // base64 of the payload from kHeadBytes on; empty for short payloads
  Bytes first_payload_;      // make_payload(seed, 0, size)
};

}  // namespace espresso
