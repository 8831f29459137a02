#include "node/chain/mempool_transaction.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace espresso {
namespace {

RC_GTEST_PROP(MempoolTransaction, RoundTrips, (std::uint32_t ns, std::vector<std::uint8_t> body)) {
  const Transaction transaction{ns, Bytes(body.begin(), body.end())};
  const auto decoded = decode_mempool_transaction(encode_mempool_transaction(transaction));
  RC_ASSERT(decoded.has_value());
  RC_ASSERT(*decoded == transaction);
}

TEST(MempoolTransaction, RejectsTruncatedAndTrailingBytes) {
  const Bytes encoded = encode_mempool_transaction(Transaction{7, Bytes{1, 2, 3}});
  Bytes truncated(encoded.begin(), encoded.end() - 1);
  EXPECT_FALSE(decode_mempool_transaction(truncated));
  Bytes trailing = encoded;
  trailing.push_back(0);
  EXPECT_FALSE(decode_mempool_transaction(trailing));
  EXPECT_FALSE(decode_mempool_transaction(Bytes{}));
}

TEST(MempoolTransaction, RejectsANamespaceThatDoesNotFitTheTable) {
  const Bytes encoded = encode_mempool_transaction(Transaction{kMaxNamespaceId + 1, Bytes{1}});
  const auto decoded = decode_mempool_transaction(encoded);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("u32::MAX"), std::string::npos) << decoded.error().message;
}

}  // namespace
}  // namespace espresso
