#include "types/payload.hpp"

#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck/gtest.h>

#include "types/ns_payload.hpp"

namespace espresso {
namespace {

constexpr std::uint64_t kNoLimit = std::uint64_t{1} << 40;

rc::Gen<Transaction> gen_transaction() {
  // Few namespaces so that several transactions share one.
  return rc::gen::build<Transaction>(
      rc::gen::set(
          &Transaction::namespace_id,
          rc::gen::map(rc::gen::inRange<std::uint64_t>(0, 6),
                       [](std::uint64_t i) { return i == 5 ? kMaxNamespaceId : i * 0x10001; })),
      rc::gen::set(&Transaction::payload,
                   rc::gen::container<Bytes>(rc::gen::arbitrary<std::uint8_t>())));
}

std::vector<Transaction> grouped_by_namespace(std::vector<Transaction> txs) {
  std::stable_sort(txs.begin(), txs.end(), [](const Transaction& a, const Transaction& b) {
    return a.namespace_id < b.namespace_id;
  });
  return txs;
}

RC_GTEST_PROP(Payload, BuildThenParseGivesTheTransactionsGroupedByNamespace, ()) {
  auto txs = *rc::gen::container<std::vector<Transaction>>(gen_transaction());
  auto built = build_payload(txs, kNoLimit);
  RC_ASSERT(built.has_value());
  RC_ASSERT(built->included.size() == txs.size());
  const Payload& payload = built->payload;
  RC_ASSERT(!payload.ns_table.validate(payload.raw_payload.size()).has_value());
  auto expected = grouped_by_namespace(txs);
  RC_ASSERT(payload.transactions() == expected);
  RC_ASSERT(payload.num_transactions() == txs.size());
  // The positions say which given transaction each block transaction is, in place too.
  const auto views = payload.transaction_views();
  RC_ASSERT(views.size() == txs.size());
  for (std::size_t i = 0; i < views.size(); ++i) {
    const Transaction& given = txs[built->included[i]];
    RC_ASSERT((views[i] == TransactionView{given.namespace_id, given.payload}));
    RC_ASSERT(commit(views[i]) == commit(given));
  }

  auto indices = payload.tx_indices();
  RC_ASSERT(indices.size() == txs.size());
  for (std::size_t i = 0; i < indices.size(); ++i) {
    RC_ASSERT(payload.transaction(indices[i]) == std::optional<Transaction>(expected[i]));
  }
  auto reparsed = payload_from_json(to_json(payload));
  RC_ASSERT(reparsed.has_value());
  RC_ASSERT(*reparsed == payload);
}

RC_GTEST_PROP(Payload, ParsingArbitraryBytesNeverFaults, ()) {
  auto raw = *rc::gen::container<Bytes>(rc::gen::arbitrary<std::uint8_t>());
  auto table = *rc::gen::container<Bytes>(rc::gen::arbitrary<std::uint8_t>());
  Payload payload{raw, NsTable(table)};
  auto txs = payload.transactions();
  RC_ASSERT(txs.size() == payload.num_transactions());
  for (const auto& tx : txs) RC_ASSERT(tx.payload.size() <= raw.size());
  RC_ASSERT(!payload.transaction({static_cast<std::uint32_t>(payload.ns_table.num_entries()), 0}));
}

TEST(Payload, EmptyBlockHasAnEmptyTable) {
  auto built = build_payload({}, 1000);
  ASSERT_TRUE(built);
  EXPECT_TRUE(built->payload.raw_payload.empty());
  EXPECT_EQ(built->payload.ns_table.bytes(), (Bytes{0, 0, 0, 0}));
}

TEST(Payload, LayoutMatchesUpstream) {
  std::vector<Transaction> txs{{7, {1, 2}}, {3, {9}}, {7, {}}, {7, {4}}};
  auto built = build_payload(txs, kNoLimit);
  ASSERT_TRUE(built);
  // Namespace 3 then 7; each: count, end offsets relative to the end of its tx table, bodies.
  Bytes ns3{1, 0, 0, 0, 1, 0, 0, 0, 9};
  Bytes ns7{3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 1, 2, 4};
  Bytes raw = ns3;
  raw.insert(raw.end(), ns7.begin(), ns7.end());
  EXPECT_EQ(built->payload.raw_payload, raw);
  EXPECT_EQ(built->payload.ns_table.bytes(),
            (Bytes{2, 0, 0, 0, 3, 0, 0, 0, 9, 0, 0, 0, 7, 0, 0, 0, 28, 0, 0, 0}));
}

TEST(Payload, BlockSizeLimitSkipsOversizedAndStopsWhenFull) {
  // Costs: header 4; first tx of a namespace len + 16; later ones len + 4.
  std::vector<Transaction> txs{{1, Bytes(10)}, {1, Bytes(100)}, {1, Bytes(10)}, {2, Bytes(10)}};
  auto built = build_payload(txs, 4 + 26 + 14 + 10);
  ASSERT_TRUE(built);
  // The 100-byte tx alone exceeds the limit and is skipped; the ns-2 tx (26) overflows: stop.
  EXPECT_EQ(built->included, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(built->payload.num_transactions(), 2u);
}

TEST(Payload, RejectsNamespaceAboveU32) {
  std::vector<Transaction> txs{{kMaxNamespaceId + 1, {1}}};
  EXPECT_FALSE(build_payload(txs, kNoLimit));
}

TEST(Payload, BuilderCommitmentHashesTableTwice) {
  auto built = build_payload(std::vector<Transaction>{{1, {5, 6}}}, kNoLimit);
  ASSERT_TRUE(built);
  auto commitment = builder_commitment(built->payload);
  EXPECT_EQ(commitment.tag, "BUILDER_COMMITMENT");
  Payload other = built->payload;
  other.raw_payload.back() ^= 1;
  EXPECT_NE(builder_commitment(other), commitment);
}

TEST(NsPayload, TableDeclaringTooManyTxsYieldsEmptyTransactions) {
  // Declares 100 txs, but only 2 entries fit: bodies start after the declared table, past the end.
  Bytes bytes{100, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0};
  NsPayloadView view(bytes);
  ASSERT_EQ(view.num_txs(), 2u);
  EXPECT_TRUE(view.tx_payload(0).empty());
  EXPECT_TRUE(view.tx_payload(1).empty());
}

TEST(NsPayload, ShortNamespaceIsEmpty) {
  Bytes bytes{5, 0};
  EXPECT_EQ(NsPayloadView(bytes).declared_num_txs(), 5u);
  EXPECT_EQ(NsPayloadView(bytes).num_txs(), 0u);
}

}  // namespace
}  // namespace espresso
