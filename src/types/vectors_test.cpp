// The upstream reference objects (tests/vectors/espresso-v1, README.md there lists the
// commitments): each parses, gives exactly upstream's commitment and re-serializes to equal JSON.

#include <gtest/gtest.h>

#include "types/chain_config.hpp"
#include "types/fee_info.hpp"
#include "types/l1_block_info.hpp"
#include "types/ns_table.hpp"
#include "types/payload.hpp"
#include "types/test_vectors.hpp"
#include "types/transaction.hpp"
#include "types/tx_index.hpp"

namespace espresso {
namespace {

using test::load_vector_json;

TEST(ReferenceVectors, Transaction) {
  auto json = load_vector_json("transaction.json");
  auto tx = transaction_from_json(json);
  ASSERT_TRUE(tx) << tx.error().message;
  EXPECT_EQ(tx->namespace_id, 12648430u);
  EXPECT_EQ(commit(*tx).to_tagged_base64(), "TX~EikfLslj3g6sIWRZYpN6ZuU1gadN77AHXmRA56yNnPrQ");
  EXPECT_EQ(to_json(*tx), json);
}

TEST(ReferenceVectors, NsTable) {
  auto json = load_vector_json("ns_table.json");
  auto table = ns_table_from_json(json);
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->num_entries(), 3u);
  EXPECT_EQ(commit(*table).to_tagged_base64(),
            "NSTABLE~tMW0-hGn0563bgYgvsO9r95f2AUiTD_2tvjDOuGRwNA5");
  EXPECT_EQ(to_json(*table), json);
}

TEST(ReferenceVectors, PayloadHasTwentyTransactions) {
  auto json = load_vector_json("payload.json");
  auto payload = payload_from_json(json);
  ASSERT_TRUE(payload) << payload.error().message;
  EXPECT_EQ(to_json(*payload), json);
  EXPECT_FALSE(payload->ns_table.validate(payload->raw_payload.size()).has_value());
  auto txs = payload->transactions();
  ASSERT_EQ(txs.size(), 20u);
  for (const auto& tx : txs) EXPECT_EQ(tx.payload.size(), 256u);
  EXPECT_EQ(payload->num_transactions(), 20u);
  // Same table as ns_table.json.
  EXPECT_EQ(payload->ns_table, *ns_table_from_json(load_vector_json("ns_table.json")));
}

TEST(ReferenceVectors, TxIndex) {
  auto json = load_vector_json("tx_index.json");
  auto index = tx_index_from_json(json);
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_EQ(index->ns_index, 2u);
  EXPECT_EQ(index->tx_index, 5u);
  EXPECT_EQ(to_json(*index), json);
}

TEST(ReferenceVectors, L1BlockInfo) {
  auto json = load_vector_json("l1_block.json");
  auto info = l1_block_info_from_json(json);
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->number, 123u);
  EXPECT_EQ(info->timestamp, 0x456);
  EXPECT_EQ(commit(*info).to_tagged_base64(),
            "L1BLOCK~4HpzluLK2Isz3RdPNvNrDAyQcWOF2c9JeLZzVNLmfpQ9");
  EXPECT_EQ(to_json(*info), json);
}

TEST(ReferenceVectors, ChainConfig) {
  auto json = load_vector_json("chain_config.json");
  auto config = chain_config_from_json(json);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->chain_id, 35353);
  EXPECT_EQ(config->max_block_size, 10240u);
  EXPECT_EQ(commit(*config).to_tagged_base64(),
            "CHAIN_CONFIG~L6HmMktJbvnEGgpmRrsiYvQmIBstSj9UtDM7eNFFqYFO");
  EXPECT_EQ(to_json(*config), json);
}

TEST(ReferenceVectors, FeeInfo) {
  auto json = load_vector_json("fee_info.json");
  auto info = fee_info_from_json(json);
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(commit(*info).to_tagged_base64(),
            "FEE_INFO~xCCeTjJClBtwtOUrnAmT65LNTQGceuyjSJHUFfX6VRXR");
  EXPECT_EQ(to_json(*info), json);
}

}  // namespace
}  // namespace espresso
