#include "node/chain/mempool_transaction.hpp"

#include "types/bincode.hpp"

namespace espresso {

Bytes encode_mempool_transaction(const Transaction& transaction) {
  return bincode::encode(transaction);
}

Result<Transaction> decode_mempool_transaction(ByteView bytes) {
  auto transaction = bincode::decode_transaction(bytes);
  // The bincode decoder also refuses namespaces above u32::MAX.
  if (!transaction) return fail("mempool transaction: " + transaction.error().message);
  return transaction;
}

Result<TransactionView> decode_mempool_transaction_view(ByteView bytes) {
  auto transaction = bincode::decode_transaction_view(bytes);
  if (!transaction) return fail("mempool transaction: " + transaction.error().message);
  return transaction;
}

std::optional<consensus::Commitment> mempool_transaction_commitment(ByteView bytes) {
  auto transaction = bincode::decode_transaction_view(bytes);
  if (!transaction) return std::nullopt;
  return commit(*transaction).digest;
}

}  // namespace espresso
