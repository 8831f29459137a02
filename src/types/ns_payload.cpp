#include "types/ns_payload.hpp"

#include <algorithm>
#include <limits>

#include "types/le_uint.hpp"

namespace espresso {

std::uint32_t NsPayloadView::declared_num_txs() const {
  return le::read_u32(bytes_.first(std::min(kNumTxsByteLen, bytes_.size())));
}

std::size_t NsPayloadView::num_txs() const {
  std::size_t fit =
      bytes_.size() < kNumTxsByteLen ? 0 : (bytes_.size() - kNumTxsByteLen) / kTxOffsetByteLen;
  return std::min<std::size_t>(declared_num_txs(), fit);
}

std::uint32_t NsPayloadView::tx_table_entry(std::size_t index) const {
  return le::read_u32(bytes_.subspan(kNumTxsByteLen + index * kTxOffsetByteLen, kTxOffsetByteLen));
}

ByteRange NsPayloadView::tx_range(std::size_t index) const {
  ESEQ_CHECK(index < num_txs(), "transaction index in bounds");
  // The table length uses the declared count, as upstream's `TxPayloadRange::new`: a table that
  // declares more entries than fit pushes every body to the end of the namespace (empty txs).
  std::uint64_t table_len = kNumTxsByteLen + std::uint64_t{declared_num_txs()} * kTxOffsetByteLen;
  std::uint64_t end = std::min<std::uint64_t>(table_len + tx_table_entry(index), bytes_.size());
  std::uint64_t previous = index == 0 ? 0 : tx_table_entry(index - 1);
  std::uint64_t start = std::min<std::uint64_t>(table_len + previous, end);
  return {static_cast<std::size_t>(start), static_cast<std::size_t>(end)};
}

ByteView NsPayloadView::tx_payload(std::size_t index) const {
  ByteRange range = tx_range(index);
  return bytes_.subspan(range.start, range.size());
}

std::vector<Transaction> NsPayloadView::transactions(NamespaceId id) const {
  std::vector<Transaction> out;
  std::size_t n = num_txs();
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back({id, to_bytes(tx_payload(i))});
  return out;
}

void append_ns_payload(Bytes& out, std::span<const ByteView> bodies) {
  le::append_u32(out, static_cast<std::uint32_t>(bodies.size()));
  std::size_t end = 0;
  for (const ByteView body : bodies) {
    end += body.size();
    le::append_u32(out, static_cast<std::uint32_t>(end));
  }
  for (const ByteView body : bodies) append(out, body);
}

}  // namespace espresso
