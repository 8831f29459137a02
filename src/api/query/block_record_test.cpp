#include "api/query/block_record.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/query/availability_json.hpp"
#include "api/query/namespace_json.hpp"
#include "api/query/test_chain.hpp"
#include "vid/codec.hpp"

namespace espresso::query {
namespace {

TEST(BlockRecord, HoldsHeaderJsonKeysAndTransactions) {
  auto parts = testing::make_block(3);
  auto record = make_block_record(parts);
  ASSERT_TRUE(record) << record.error().message;
  EXPECT_EQ(record->height, 3u);
  EXPECT_EQ(record->block_hash, commit(parts.header).digest);
  EXPECT_EQ(record->leaf_hash, parts.leaf.commitment());
  EXPECT_EQ(record->transactions.size(), 8u);  // 4 in namespace 10, 4 in namespace 20
  auto block = decode_block(*record);
  ASSERT_TRUE(block) << block.error().message;
  EXPECT_EQ(block->header, parts.header);
  EXPECT_EQ(vid::decode_common(record->vid_common), parts.vid_common);
  auto leaf = leaf_query_json(*record);
  ASSERT_TRUE(leaf);
  EXPECT_EQ((*leaf)["leaf"]["height"], 3);
  EXPECT_TRUE((*leaf)["qc"].is_null());
}

// A named commitment is taken only for a payload transaction equal to the one it names: marker
// commitments show which were taken, and every other transaction gets its real commitment.
TEST(BlockRecord, TakesANamedCommitmentOnlyForTheTransactionItNames) {
  auto parts = testing::make_block(3);
  const Payload payload{parts.payload, parts.header.ns_table};
  const auto transactions = payload.transaction_views();
  ASSERT_EQ(transactions.size(), 8u);
  const auto marker = [](std::uint8_t tag) {
    Hash32 h{};
    h.fill(tag);
    return h;
  };
  parts.named = {NamedTransaction{marker(1), transactions[0]},  // equal: taken
                 std::nullopt,                                  // not pooled: hashed
                 NamedTransaction{marker(3), transactions[1]},  // another one's bytes: hashed
                 NamedTransaction{marker(4),
                                  {transactions[3].namespace_id + 1,
                                   transactions[3].payload}}};  // other namespace
  // Entries past the list's end (a short claim) are hashed too.
  auto record = make_block_record(parts);
  ASSERT_TRUE(record) << record.error().message;
  ASSERT_EQ(record->transactions.size(), transactions.size());
  EXPECT_EQ(record->transactions[0].commitment, marker(1));
  for (std::size_t i = 1; i < transactions.size(); ++i) {
    EXPECT_EQ(record->transactions[i].commitment, commit(transactions[i]).digest) << i;
    EXPECT_EQ(record->transactions[i].namespace_id, transactions[i].namespace_id) << i;
  }
}

TEST(BlockRecord, BlockAndPayloadTextsAreTheirJsonDumps) {
  for (std::uint64_t height : {0u, 3u}) {
    auto record = make_block_record(testing::make_block(height));
    ASSERT_TRUE(record) << record.error().message;
    auto block = decode_block(*record);
    ASSERT_TRUE(block) << block.error().message;
    EXPECT_EQ(block_text(*block), block_json(*block).dump());
    EXPECT_EQ(payload_text(*block), payload_json(*block).dump());
  }
}

TEST(BlockRecord, RejectsPartsThatDisagree) {
  auto parts = testing::make_block(3);
  parts.leaf.height = 4;
  EXPECT_FALSE(make_block_record(parts));
  parts = testing::make_block(3);
  parts.payload.push_back(0);
  EXPECT_FALSE(make_block_record(parts));
  parts = testing::make_block(3);
  parts.header.payload_commitment.value[0] ^= 1;
  auto record = make_block_record(parts);
  ASSERT_FALSE(record);
  EXPECT_NE(record.error().message.find("payload commitment"), std::string::npos);
}

TEST(NamespaceJson, ProofVerifiesAgainstTheHeader) {
  for (std::uint64_t height : {2, 3}) {
    auto parts = testing::make_block(height);
    auto block = decode_block(*make_block_record(parts));
    ASSERT_TRUE(block);
    auto answer = namespace_json(*block, 20);
    ASSERT_TRUE(answer) << answer.error().message;
    auto verified = verify_namespace_json(parts.header, 20, *answer);
    ASSERT_TRUE(verified) << verified.error().message;
    EXPECT_EQ(verified->size(), height % 2 == 1 ? height % 4 + 1 : 0u);
  }
}

TEST(NamespaceJson, TamperedAnswersFailVerification) {
  auto parts = testing::make_block(1);
  auto block = decode_block(*make_block_record(parts));
  auto answer = *namespace_json(*block, 10);
  ASSERT_TRUE(verify_namespace_json(parts.header, 10, answer));

  auto wrong_tx = answer;
  wrong_tx["transactions"][0]["payload"] = "AAAA";
  EXPECT_FALSE(verify_namespace_json(parts.header, 10, wrong_tx));

  auto wrong_bytes = answer;
  std::string ns_payload = wrong_bytes["proof"]["ns_payload"];
  ns_payload[8] = ns_payload[8] == 'A' ? 'B' : 'A';
  wrong_bytes["proof"]["ns_payload"] = ns_payload;
  EXPECT_FALSE(verify_namespace_json(parts.header, 10, wrong_bytes));

  auto other_header = parts.header;
  other_header.payload_commitment = testing::make_block(5).header.payload_commitment;
  EXPECT_FALSE(verify_namespace_json(other_header, 10, answer));

  // k places the payload's chunk boundaries and is bound by the commitment.
  ASSERT_EQ(answer["proof"]["ns_proof"]["recovery"], 2);  // 4 equal nodes: 2 of 4 shares
  auto other_k = answer;
  other_k["proof"]["ns_proof"]["recovery"] = 1;
  EXPECT_FALSE(verify_namespace_json(parts.header, 10, other_k));
  other_k["proof"]["ns_proof"]["recovery"] = 65538;  // 2 if truncated to 16 bits
  const auto too_big = verify_namespace_json(parts.header, 10, other_k);
  ASSERT_FALSE(too_big);
  EXPECT_NE(too_big.error().message.find("recovery"), std::string::npos);
  other_k["proof"]["ns_proof"].erase("recovery");
  const auto missing = verify_namespace_json(parts.header, 10, other_k);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("\"recovery\""), std::string::npos);
}

TEST(TransactionJson, ProofVerifiesAndTamperingFails) {
  auto parts = testing::make_block(3);  // 4 transactions in namespace 10, 4 in namespace 20
  auto block = decode_block(*make_block_record(parts));
  ASSERT_TRUE(block);
  for (std::uint64_t position = 0; position < 8; ++position) {
    auto answer = transaction_with_proof_json(*block, position);
    ASSERT_TRUE(answer && *answer) << position;
    auto verified = verify_transaction_json(parts.header, **answer);
    ASSERT_TRUE(verified) << position << ": " << verified.error().message;
    EXPECT_EQ(verified->namespace_id, position < 4 ? 10u : 20u);
  }
  auto answer = **transaction_with_proof_json(*block, 5);
  EXPECT_FALSE(*transaction_with_proof_json(*block, 8));  // past the block's transactions

  auto other_payload = answer;
  other_payload["transaction"]["payload"] = "AAAA";
  EXPECT_FALSE(verify_transaction_json(parts.header, other_payload));
  auto other_position = answer;
  other_position["pos_in_namespace"] = 2;
  EXPECT_FALSE(verify_transaction_json(parts.header, other_position));
  auto other_bytes = answer;
  std::string ns_payload = other_bytes["proof"]["ns_payload"];
  ns_payload[8] = ns_payload[8] == 'A' ? 'B' : 'A';
  other_bytes["proof"]["ns_payload"] = ns_payload;
  EXPECT_FALSE(verify_transaction_json(parts.header, other_bytes));
  auto other_header = parts.header;
  other_header.payload_commitment = testing::make_block(5).header.payload_commitment;
  EXPECT_FALSE(verify_transaction_json(other_header, answer));
}

}  // namespace
}  // namespace espresso::query
