#pragma once
// The `submit` API module: POST submit/submit with one upstream Transaction JSON
// ({"namespace": u64, "payload": base64}) answers its "TX~..." commitment; POST submit/batch with
// an array answers the array of commitments. A batch is validated completely before any of it is
// handed to the sink.

#include <cstddef>

#include "api/router.hpp"
#include "common/result.hpp"
#include "types/transaction.hpp"

namespace espresso {

// Implemented by the node (its mempool). Called on the HTTP io_context thread. An error means the
// transaction was not accepted now (e.g. the mempool is full) and is answered with 503.
class TransactionSink {
 public:
  virtual ~TransactionSink() = default;
  // Answers the transaction's "TX" commitment digest (commit(transaction).digest): the sink
  // hashes only what it accepts, so an overloaded node sheds load without hashing. It copies what
  // it keeps.
  virtual Result<Hash32> submit(const Transaction& transaction) = 0;
};

struct SubmitLimits {
  std::size_t max_payload_bytes = 1 << 20;    // per transaction, decoded; larger gets 413
  std::size_t max_batch_transactions = 1000;  // larger batches get 413
};

// `sink` must outlive the router.
Status register_submit_routes(Router& router, TransactionSink& sink, SubmitLimits limits = {});

}  // namespace espresso
