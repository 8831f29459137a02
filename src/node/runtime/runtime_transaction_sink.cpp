#include "node/runtime/runtime_transaction_sink.hpp"

#include "node/chain/mempool_transaction.hpp"

namespace espresso {

Status RuntimeTransactionSink::submit(const Transaction& transaction) {
  return runtime_->submit(encode_mempool_transaction(transaction));
}

}  // namespace espresso
