#pragma once
// How a rollup transaction travels through consensus's mempool (which sees opaque bytes):
// upstream's bincode form of `Transaction` (namespace u64 LE, payload with a u64 LE length), so the
// node's submit path and the block builder agree on one encoding.

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "types/transaction.hpp"

namespace espresso {

Bytes encode_mempool_transaction(const Transaction& transaction);
// Fails on bytes that are not exactly one encoded transaction, or a namespace above u32::MAX
// (it could not be placed in a namespace table).
Result<Transaction> decode_mempool_transaction(ByteView bytes);

}  // namespace espresso
