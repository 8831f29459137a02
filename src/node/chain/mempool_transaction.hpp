#pragma once
// How a rollup transaction travels through consensus's mempool (which sees opaque bytes):
// upstream's bincode form of `Transaction` (namespace u64 LE, payload with a u64 LE length), so the
// node's submit path and the block builder agree on one encoding.

#include <optional>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "consensus/types.hpp"
#include "types/transaction.hpp"

namespace espresso {

Bytes encode_mempool_transaction(const Transaction& transaction);
// Fails on bytes that are not exactly one encoded transaction, or a namespace above u32::MAX
// (it could not be placed in a namespace table).
Result<Transaction> decode_mempool_transaction(ByteView bytes);
Result<TransactionView> decode_mempool_transaction_view(ByteView bytes);

// The mempool's name for a transaction (consensus::TransactionCommitter): its "TX" commitment, the
// one the submit API answers and the query index keys on, so a transaction is hashed once per node
// rather than once for the pool and again at decide. nullopt for bytes that are no transaction.
std::optional<consensus::Commitment> mempool_transaction_commitment(ByteView bytes);

}  // namespace espresso
