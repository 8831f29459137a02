// The upstream .bin reference files (bincode with a version prefix) decode to the same objects as
// their JSON twins and re-encode byte for byte.

#include "types/bincode.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "types/test_vectors.hpp"

namespace espresso {
namespace {

using test::load_vector_json;

Bytes load_bin(const std::string& name) {
  std::ifstream in(test::vector_path(name), std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

template <typename T, typename Decode, typename FromJson>
void check_vector(const std::string& stem, Decode decode, FromJson from_json) {
  SCOPED_TRACE(stem);
  Bytes file = load_bin(stem + ".bin");
  auto framed = bincode::unframe(file);
  ASSERT_TRUE(framed);
  EXPECT_EQ(framed->version, kHeaderV0_1);
  auto decoded = decode(framed->body);
  ASSERT_TRUE(decoded) << decoded.error().message;
  auto from_json_value = from_json(load_vector_json(stem + ".json"));
  ASSERT_TRUE(from_json_value);
  EXPECT_EQ(*decoded, *from_json_value);
  EXPECT_EQ(bincode::frame(kHeaderV0_1, bincode::encode(*decoded)), file);
}

TEST(Bincode, ReferenceFiles) {
  check_vector<Transaction>("transaction", bincode::decode_transaction, transaction_from_json);
  check_vector<NsTable>("ns_table", bincode::decode_ns_table, ns_table_from_json);
  check_vector<TxIndex>("tx_index", bincode::decode_tx_index, tx_index_from_json);
  check_vector<L1BlockInfo>("l1_block", bincode::decode_l1_block_info, l1_block_info_from_json);
  check_vector<FeeInfo>("fee_info", bincode::decode_fee_info, fee_info_from_json);
  check_vector<ChainConfig>("chain_config", bincode::decode_chain_config, chain_config_from_json);
  check_vector<Header>("header", bincode::decode_header, header_from_json);
}

TEST(Bincode, V02HeaderRoundTrips) {
  auto header = header_from_json(load_vector_json("header.json"));
  ASSERT_TRUE(header);
  header->version = kHeaderV0_2;
  header->chain_config = ResolvableChainConfig{header->chain_config.commitment()};
  header->l1_finalized.reset();
  auto decoded = bincode::decode_header(bincode::encode(*header));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, *header);
}

RC_GTEST_PROP(Bincode, HeaderDecoderNeverFaultsOnMutatedInput, ()) {
  static const Bytes body = [] {
    Bytes file = load_bin("header.bin");
    return Bytes(file.begin() + 4, file.end());
  }();
  Bytes bytes = body;
  auto flips = *rc::gen::inRange(1, 8);
  for (int i = 0; i < flips; ++i) {
    auto at = *rc::gen::inRange<std::size_t>(0, bytes.size());
    bytes[at] = *rc::gen::arbitrary<std::uint8_t>();
  }
  if (*rc::gen::arbitrary<bool>()) bytes.resize(*rc::gen::inRange<std::size_t>(0, bytes.size()));
  auto decoded = bincode::decode_header(bytes);
  if (decoded) RC_ASSERT(bincode::encode(*decoded).size() == bytes.size());
}

}  // namespace
}  // namespace espresso

namespace espresso {
namespace {

TEST(Bincode, TransactionListRoundTripsAndRejectsLies) {
  const std::vector<Transaction> transactions{{1, Bytes{9, 8, 7}}, {4294967295u, Bytes{}}};
  const Bytes encoded = bincode::encode(transactions);
  EXPECT_EQ(encoded.size(), 8u + (16 + 3) + 16);
  auto decoded = bincode::decode_transactions(encoded);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, transactions);

  Bytes trailing = encoded;
  trailing.push_back(0);
  EXPECT_FALSE(bincode::decode_transactions(trailing));
  Bytes short_count = encoded;
  short_count[0] = 3;  // three claimed, two present
  EXPECT_FALSE(bincode::decode_transactions(short_count));
  Bytes huge = encoded;
  huge[7] = 0x10;  // 2^60 claimed
  auto refused = bincode::decode_transactions(huge);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("count of"), std::string::npos);
}

TEST(Bincode, PayloadQueryDataRoundTripsAndRejectsTruncation) {
  const Bytes raw{1, 2, 3, 4, 5};
  const Bytes table{1, 0, 0, 0, 7, 0, 0, 0, 5, 0, 0, 0};
  bincode::PayloadQueryDataView data{12,
                                     TaggedBase64{"BLOCK", Bytes(32, 0xab)},
                                     TaggedBase64{"HASH", Bytes(32, 0xcd)},
                                     raw.size(),
                                     raw,
                                     table};
  const Bytes encoded = bincode::encode(data);
  // height, two tagged blobs (length, tag length + tag, value length + value, checksum), size,
  // then the payload's two Vec<u8>.
  EXPECT_EQ(encoded.size(),
            8 + 2 * (8 + 8 + 8 + 32 + 1) + 5 + 4 + 8 + 8 + raw.size() + 8 + table.size());
  auto decoded = bincode::decode_payload_query_data(encoded);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->height, 12u);
  EXPECT_EQ(decoded->block_hash, data.block_hash);
  EXPECT_EQ(decoded->payload_hash, data.payload_hash);
  EXPECT_EQ(decoded->size, raw.size());
  EXPECT_TRUE(std::ranges::equal(decoded->raw_payload, raw));
  EXPECT_TRUE(std::ranges::equal(decoded->ns_table, table));

  for (std::size_t cut : {std::size_t{0}, std::size_t{7}, encoded.size() - 1}) {
    EXPECT_FALSE(bincode::decode_payload_query_data(ByteView(encoded).first(cut))) << cut;
  }
  Bytes trailing = encoded;
  trailing.push_back(0);
  EXPECT_FALSE(bincode::decode_payload_query_data(trailing));
}

}  // namespace
}  // namespace espresso
