#include "node/fetch/fetched_block_json.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "api/query/availability_json.hpp"
#include "api/query/leaf_json.hpp"
#include "node/fetch/fetch_test_chain.hpp"
#include "vid/codec.hpp"

namespace espresso::fetch {
namespace {

consensus::Certificate sample_certificate() {
  consensus::Certificate qc;
  qc.kind = consensus::CertificateKind::kQuorum;
  qc.view = 7;
  qc.subject.fill(0xab);
  qc.signers = {true, false, true};
  qc.aggregate = Bytes(96, 0x11);
  return qc;
}

TEST(FetchedBlockJsonTest, LeafRoundTripsThroughTheRouteEncoder) {
  auto chain = testing::make_chain(3);
  query::BlockParts parts = chain[2];
  parts.leaf.upgrade_certificate = sample_certificate();
  nlohmann::json json = {{"leaf", query::leaf_json(parts.leaf, parts.header)},
                         {"qc", query::certificate_json(sample_certificate())}};
  auto fetched = fetched_leaf_from_json(json);
  ASSERT_TRUE(fetched.has_value()) << fetched.error().message;
  EXPECT_EQ(fetched->leaf, parts.leaf);
  EXPECT_EQ(fetched->leaf.commitment(), parts.leaf.commitment());
  ASSERT_TRUE(fetched->qc.has_value());
  EXPECT_EQ(*fetched->qc, sample_certificate());
}

TEST(FetchedBlockJsonTest, VidCommonRoundTrips) {
  auto chain = testing::make_chain(2);
  nlohmann::json json = {
      {"common", query::vid_common_body(vid::encode_common(chain[1].vid_common))}};
  auto common = vid_common_from_json(json);
  ASSERT_TRUE(common.has_value()) << common.error().message;
  EXPECT_EQ(*common, chain[1].vid_common);
}

TEST(FetchedBlockJsonTest, ErrorsNameTheBadField) {
  auto chain = testing::make_chain(1);
  nlohmann::json json = {{"leaf", query::leaf_json(chain[0].leaf, chain[0].header)},
                         {"qc", nullptr}};
  nlohmann::json wrong_tag = json;
  wrong_tag["leaf"]["parent_commitment"] = query::block_hash_text(Hash32{});
  auto parsed = fetched_leaf_from_json(wrong_tag);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_NE(parsed.error().message.find("parent_commitment"), std::string::npos);
  nlohmann::json no_height = json;
  no_height["leaf"].erase("height");
  parsed = fetched_leaf_from_json(no_height);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_NE(parsed.error().message.find("\"height\""), std::string::npos);
  nlohmann::json bad_signers = json;
  bad_signers["qc"] = query::certificate_json(sample_certificate());
  bad_signers["qc"]["signers"] = "01x";
  parsed = fetched_leaf_from_json(bad_signers);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_NE(parsed.error().message.find("01x"), std::string::npos);
}

// A peer's bytes never crash the decoders.
RC_GTEST_PROP(FetchedBlockJsonTest, ArbitraryJsonNeverThrows, (const std::string& text)) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  nlohmann::json wrapped = {{"leaf", json}, {"qc", json}, {"common", json}};
  (void)fetched_leaf_from_json(json);
  (void)fetched_leaf_from_json(wrapped);
  (void)vid_common_from_json(wrapped);
  RC_ASSERT(!vid_common_from_json(json).has_value() || json.is_object());
}

}  // namespace
}  // namespace espresso::fetch
