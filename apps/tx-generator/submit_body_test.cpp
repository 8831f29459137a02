#include "submit_body.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck/gtest.h>

#include "common/base64.hpp"

namespace espresso {
namespace {

RC_GTEST_PROP(SubmitBody, JsonCarriesMakePayload,
              (std::uint64_t seed, std::uint64_t index, std::uint32_t ns)) {
  const std::size_t size = *rc::gen::inRange<std::size_t>(0, 3000);
  const SubmitBodyEncoder encoder(seed, size);
  const auto json = nlohmann::json::parse(encoder.transaction_json(index, ns));
  RC_ASSERT(json.at("namespace").get<std::uint64_t>() == ns);
  const auto payload = base64_decode(json.at("payload").get<std::string>());
  RC_ASSERT(payload.has_value());
  RC_ASSERT(*payload == make_payload(seed, index, size));
  RC_ASSERT(payload->size() == std::max<std::size_t>(size, 16));
}

RC_GTEST_PROP(SubmitBody, KeyIsTheKeyOfThePayloadItNames,
              (std::uint64_t seed, std::uint64_t index, std::uint32_t ns)) {
  const std::size_t size = *rc::gen::inRange<std::size_t>(0, 3000);
  const SubmitBodyEncoder encoder(seed, size);
  RC_ASSERT(encoder.key(index, ns) == transaction_key(ns, make_payload(seed, index, size)));
  RC_ASSERT(encoder.key(index, ns) == transaction_key(ns, encoder.payload(index)));
}

TEST(SubmitBody, KeysDifferPerIndexSeedNamespaceAndLength) {
  const std::string key = transaction_key(1, make_payload(7, 5, 64));
  EXPECT_NE(key, transaction_key(1, make_payload(7, 6, 64)));
  EXPECT_NE(key, transaction_key(1, make_payload(8, 5, 64)));
  EXPECT_NE(key, transaction_key(2, make_payload(7, 5, 64)));
  EXPECT_NE(key, transaction_key(1, make_payload(7, 5, 65)));
  // Short payloads (another client's) have keys too.
  EXPECT_NE(transaction_key(1, Bytes{1}), transaction_key(1, Bytes{2}));
  EXPECT_NE(transaction_key(1, Bytes{}), transaction_key(1, Bytes{0}));
}

TEST(SubmitBody, PayloadsDifferPerIndexAndSeed) {
  EXPECT_EQ(make_payload(1, 5, 1024).size(), 1024u);
  EXPECT_EQ(make_payload(1, 5, 3).size(), 16u);
  EXPECT_EQ(make_payload(1, 5, 64), make_payload(1, 5, 64));
  EXPECT_NE(make_payload(1, 5, 64), make_payload(1, 6, 64));
  EXPECT_NE(make_payload(1, 5, 64), make_payload(2, 5, 64));
  // Small sizes around the 18-byte head that the encoder splits off.
  for (std::size_t size : {16u, 17u, 18u, 19u, 20u, 21u}) {
    const SubmitBodyEncoder encoder(9, size);
    const auto json = nlohmann::json::parse(encoder.transaction_json(3, 1));
    EXPECT_EQ(base64_decode(json.at("payload").get<std::string>()).value(),
              make_payload(9, 3, size))
        << size;
  }
}

}  // namespace
}  // namespace espresso
