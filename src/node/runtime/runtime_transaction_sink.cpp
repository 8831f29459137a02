#include "node/runtime/runtime_transaction_sink.hpp"

#include "node/chain/mempool_transaction.hpp"

namespace espresso {

Result<Hash32> RuntimeTransactionSink::submit(const Transaction& transaction) {
  return runtime_->submit(encode_mempool_transaction(transaction));
}

}  // namespace espresso
