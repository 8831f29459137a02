#pragma once
// Upstream's binary form of the data types: bincode 1 (fixed-width little-endian integers, u64
// length prefixes, u8 Option tags, u32 enum variant indices) over their serde impls, which write
// Ethereum numbers, hashes and addresses as their "0x..." strings and TaggedBase64 values as a
// length-prefixed blob of (tag, value, checksum). Upstream frames messages with a version prefix
// (vbs: u16 LE major, u16 LE minor), as in tests/vectors/espresso-v1/*.bin.

#include <cstdint>
#include <span>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "common/tagged_base64.hpp"
#include "types/chain_config.hpp"
#include "types/fee_info.hpp"
#include "types/header.hpp"
#include "types/l1_block_info.hpp"
#include "types/ns_table.hpp"
#include "types/transaction.hpp"
#include "types/tx_index.hpp"

namespace espresso::bincode {

Bytes encode(const Transaction& tx);
Bytes encode(std::span<const Transaction> transactions);  // Vec<Transaction>
Bytes encode(const NsTable& table);
Bytes encode(const TxIndex& index);
Bytes encode(const L1BlockInfo& info);
Bytes encode(const FeeInfo& info);
Bytes encode(const ChainConfig& config);
Bytes encode(const Header& header);

// Each decoder requires the whole input to be consumed.
Result<Transaction> decode_transaction(ByteView bytes);
Result<TransactionView> decode_transaction_view(ByteView bytes);  // in place, valid while bytes are
Result<std::vector<Transaction>> decode_transactions(ByteView bytes);  // Vec<Transaction>
Result<NsTable> decode_ns_table(ByteView bytes);
Result<TxIndex> decode_tx_index(ByteView bytes);
Result<L1BlockInfo> decode_l1_block_info(ByteView bytes);
Result<FeeInfo> decode_fee_info(ByteView bytes);
Result<ChainConfig> decode_chain_config(ByteView bytes);
Result<Header> decode_header(ByteView bytes);

// hotshot-query-service's PayloadQueryData (src/availability/query_data.rs), the answer of
// availability/payload/...: height, block_hash (BLOCK~), hash (the payload's VID commitment,
// HASH~), size, data (the Payload: raw_payload and ns_table bytes, each a length-prefixed Vec<u8>).
// The byte fields are views: into the caller's buffers when encoding, into the input when decoding.
struct PayloadQueryDataView {
  std::uint64_t height = 0;
  TaggedBase64 block_hash;
  TaggedBase64 payload_hash;
  std::uint64_t size = 0;
  ByteView raw_payload;
  ByteView ns_table;
};
Bytes encode(const PayloadQueryDataView& data);
Result<PayloadQueryDataView> decode_payload_query_data(ByteView bytes);

// The sequencer API's version, which tide-disco puts before binary request bodies and answers.
inline constexpr HeaderVersion kSequencerApiVersion{0, 1};

struct Framed {
  HeaderVersion version;
  ByteView body;
};
Bytes frame(HeaderVersion version, ByteView body);
Result<Framed> unframe(ByteView bytes);

}  // namespace espresso::bincode
