#pragma once
// The bytes of one namespace inside a block payload.
//
// Layout (types/src/v0/impls/block/namespace_payload/types.rs):
//   u32 LE tx count, then one u32 LE end offset per tx (relative to the end of the tx table),
//   then the tx bodies back to back.
// Any byte string is readable: the tx count is clamped to the entries that fit, and every range is
// clamped into the namespace, so hostile bytes give short or empty transactions, never a fault.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "common/bytes.hpp"
#include "types/ns_table.hpp"
#include "types/transaction.hpp"

namespace espresso {

inline constexpr std::size_t kNumTxsByteLen = 4;
inline constexpr std::size_t kTxOffsetByteLen = 4;

class NsPayloadView {
 public:
  explicit NsPayloadView(ByteView bytes) : bytes_(bytes) {}

  // The count written in the header (zero-padded if the namespace is shorter than 4 bytes).
  std::uint32_t declared_num_txs() const;
  // min(declared, entries that fit): the transactions that exist.
  std::size_t num_txs() const;
  // Byte range of transaction `index` (< num_txs()) within this namespace.
  ByteRange tx_range(std::size_t index) const;
  ByteView tx_payload(std::size_t index) const;

  std::vector<Transaction> transactions(NamespaceId id) const;

 private:
  std::uint32_t tx_table_entry(std::size_t index) const;
  ByteView bytes_;
};

// One namespace's bytes for transactions whose bodies total `body_bytes`: the transaction count,
// each transaction's end offset (u32 LE, within the bodies), then the bodies.
inline std::size_t ns_payload_size(std::size_t num_txs, std::size_t body_bytes) {
  return kNumTxsByteLen + kTxOffsetByteLen * num_txs + body_bytes;
}
// Appends that layout to `out`. The bodies must total at most u32::MAX bytes.
void append_ns_payload(Bytes& out, std::span<const ByteView> bodies);

}  // namespace espresso
