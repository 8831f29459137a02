#include "api/query/explorer_module.hpp"

#include <gtest/gtest.h>

#include "api/query/block_record.hpp"
#include "api/query/query_test_support.hpp"

namespace espresso::query {
namespace {

using testing::expect_error;
using testing::get;

constexpr std::uint64_t kBlocks = 6;

class ExplorerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::make_store(dir_.file("query.db"), kBlocks);
    ASSERT_TRUE(register_explorer_routes(router_, store_));
  }
  storage::BlockRecord record(std::uint64_t height) { return **store_->block_by_height(height); }
  storage::TempDir dir_;
  std::shared_ptr<storage::QueryStore> store_;
  Router router_;
};

TEST_F(ExplorerTest, LatestBlocksAndBlockDetail) {
  auto latest = get(router_, "/v0/explorer/blocks/latest/3").body["block_summaries"];
  ASSERT_EQ(latest.size(), 3u);
  EXPECT_EQ(latest[0]["height"], 5);
  EXPECT_EQ(latest[2]["height"], 3);
  auto from = get(router_, "/v0/explorer/blocks/1/5").body["block_summaries"];
  ASSERT_EQ(from.size(), 2u);  // 1 and 0
  EXPECT_EQ(from[1]["height"], 0);
  auto detail = get(router_, "/v0/explorer/block/3").body["block_detail"];
  EXPECT_EQ(detail["num_transactions"], 8);
  EXPECT_EQ(detail["hash"], block_hash_text(record(3).block_hash));
  EXPECT_EQ(detail["time"], "2023-11-14T22:13:50Z");  // 1_700_000_030
  EXPECT_EQ(get(router_, "/v0/explorer/block/hash/" + detail["hash"].get<std::string>())
                .body["block_detail"],
            detail);
}

TEST_F(ExplorerTest, TransactionsByBlockAndNamespace) {
  auto latest = get(router_, "/v0/explorer/transactions/latest/3").body["transaction_summaries"];
  ASSERT_EQ(latest.size(), 3u);
  EXPECT_EQ(latest[0]["height"], 5);
  auto in_block =
      get(router_, "/v0/explorer/transactions/latest/100/block/2").body["transaction_summaries"];
  EXPECT_EQ(in_block.size(), 3u);
  auto in_namespace = get(router_, "/v0/explorer/transactions/latest/100/namespace/20")
                          .body["transaction_summaries"];
  EXPECT_EQ(in_namespace.size(), 2u + 4u + 2u);
  for (const auto& tx : in_namespace) EXPECT_EQ(tx["rollups"][0], 20);
  auto detail =
      get(router_, "/v0/explorer/transaction/hash/" + in_namespace[0]["hash"].get<std::string>())
          .body["transaction_detail"];
  EXPECT_EQ(detail["namespace"], 20);
  EXPECT_EQ(detail["block_height"], in_namespace[0]["height"]);
  EXPECT_EQ(get(router_, "/v0/explorer/transaction/" +
                             std::to_string(in_namespace[0]["height"].get<int>()) + "/" +
                             std::to_string(in_namespace[0]["offset"].get<int>()))
                .body["transaction_detail"],
            detail);
}

TEST_F(ExplorerTest, SummaryAndSearch) {
  auto summary = get(router_, "/v0/explorer/explorer-summary").body["explorer_summary"];
  EXPECT_EQ(summary["latest_block"]["height"], 5);
  EXPECT_EQ(summary["genesis_overview"]["blocks"], kBlocks);
  EXPECT_EQ(summary["genesis_overview"]["rollups"], 2);
  EXPECT_EQ(summary["latest_transactions"].size(), 10u);

  EXPECT_EQ(get(router_, "/v0/explorer/search/4").body["search_results"]["blocks"][0]["height"], 4);
  auto by_hash = get(router_, "/v0/explorer/search/" + block_hash_text(record(2).block_hash));
  EXPECT_EQ(by_hash.body["search_results"]["blocks"][0]["height"], 2);
  auto tx = record(3).transactions[1];
  auto by_tx = get(router_, "/v0/explorer/search/" + transaction_hash_text(tx.commitment));
  EXPECT_EQ(by_tx.body["search_results"]["transactions"][0]["height"], 3);
  EXPECT_EQ(get(router_, "/v0/explorer/search/99").body["search_results"]["blocks"].size(), 0u);
}

TEST_F(ExplorerTest, EveryBadParameterIs4xxNamingIt) {
  for (auto [path, needle] : std::vector<std::pair<std::string, std::string>>{
           {"blocks/latest/0", "'limit'"},
           {"blocks/latest/101", "'limit'"},
           {"blocks/latest/x", "'limit'"},
           {"blocks/x/2", "'height'"},
           {"block/x", "'height'"},
           {"block/hash/TX~AAAA", "'hash'"},
           {"transactions/latest/x", "'limit'"},
           {"transactions/latest/5/block/x", "'block'"},
           {"transactions/latest/5/namespace/x", "'namespace'"},
           {"transaction/x/0", "'height'"},
           {"transaction/1/x", "'offset'"},
           {"transaction/hash/BLOCK~x", "'hash'"},
           {"search/what", "'query'"},
           {"search/LEAF~" + std::string(43, 'A'), "'query'"},
       }) {
    expect_error(router_, "/v0/explorer/" + path, 400, needle);
  }
  expect_error(router_, "/v0/explorer/block/77", 404, "block 77");
  expect_error(router_, "/v0/explorer/transaction/1/99", 404, "no transaction 99");
}

}  // namespace
}  // namespace espresso::query
