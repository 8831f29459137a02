#include "api/orchestrator/network_config.hpp"

#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck/gtest.h>

#include "api/orchestrator/test_registrations.hpp"

namespace espresso {
namespace {

using nlohmann::json;
using testing::test_registration;

ConsensusParameters params(std::uint64_t n, std::uint64_t da) {
  ConsensusParameters p;
  p.num_nodes = n;
  p.start_threshold = n;
  p.da_committee_size = da;
  return p;
}

TEST(NetworkConfig, OrdersByRegistrationAndTakesTheFirstDaVolunteers) {
  std::vector<NodeRegistration> registrations{test_registration(0, false), test_registration(1),
                                              test_registration(2), test_registration(3)};
  auto config = assemble_network_config(params(4, 2), registrations);
  ASSERT_EQ(config.nodes.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(config.nodes[i].index, i);
    EXPECT_EQ(config.nodes[i].staking_key, registrations[i].staking_key);
    EXPECT_EQ(config.index_of(registrations[i].staking_key), i);
  }
  EXPECT_FALSE(config.nodes[0].da);  // did not ask
  EXPECT_TRUE(config.nodes[1].da);
  EXPECT_TRUE(config.nodes[2].da);
  EXPECT_FALSE(config.nodes[3].da);  // committee already full
  EXPECT_EQ(config.da_member_count(), 2u);
}

TEST(NetworkConfig, JsonRoundTrips) {
  std::vector<NodeRegistration> registrations{test_registration(0), test_registration(1)};
  registrations[1].http_url.reset();
  auto config = assemble_network_config(params(2, 2), registrations);
  const json encoded = to_json(config);
  EXPECT_TRUE(encoded["nodes"][1]["http_url"].is_null());
  EXPECT_TRUE(encoded["nodes"][0]["staking_key"].get<std::string>().starts_with("BLS_VER_KEY~"));
  auto decoded = network_config_from_json(json::parse(encoded.dump()));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, config);

  auto registration = node_registration_from_json(to_json(registrations[0]));
  ASSERT_TRUE(registration) << registration.error().message;
  EXPECT_EQ(*registration, registrations[0]);
}

TEST(NetworkConfig, RegistrationDefaultsOptionalFields) {
  json body = to_json(test_registration(5));
  body.erase("is_da");
  body.erase("http_url");
  body.erase("stake");
  auto registration = node_registration_from_json(body);
  ASSERT_TRUE(registration) << registration.error().message;
  EXPECT_FALSE(registration->is_da);
  EXPECT_FALSE(registration->http_url);
  EXPECT_EQ(registration->stake, 1u);
}

void expect_error(const Result<NetworkConfig>& result, const std::string& part) {
  ASSERT_FALSE(result) << "expected an error containing " << part;
  EXPECT_NE(result.error().message.find(part), std::string::npos) << result.error().message;
}

TEST(NetworkConfig, ErrorsNameTheField) {
  const json good = to_json(assemble_network_config(
      params(2, 2), std::vector<NodeRegistration>{test_registration(0), test_registration(1)}));

  json bad = good;
  bad["nodes"][1]["staking_key"] = "BLS_VER_KEY~nonsense";
  expect_error(network_config_from_json(bad), "node 1: staking_key");

  bad = good;
  bad["nodes"][0]["p2p_address"] = "no-port";
  expect_error(network_config_from_json(bad), "node 0: p2p_address");

  bad = good;
  bad["parameters"]["view_timeout_ms"] = "ten";
  expect_error(network_config_from_json(bad), "parameters: view_timeout_ms");

  bad = good;
  bad["parameters"]["start_threshold"] = 3;
  expect_error(network_config_from_json(bad), "start_threshold must be between 1 and num_nodes");

  bad = good;
  bad["nodes"][1] = good["nodes"][0];
  expect_error(network_config_from_json(bad), "expected index 1, got 0");

  bad = good;
  bad["nodes"][1]["staking_key"] = good["nodes"][0]["staking_key"];
  expect_error(network_config_from_json(bad), "repeats the staking key");

  bad = good;
  bad.erase("nodes");
  expect_error(network_config_from_json(bad), "nodes");

  expect_error(network_config_from_json(json::array()), "expected a JSON object");
}

RC_GTEST_PROP(NetworkConfig, DaCommitteeIsTheFirstVolunteers, ()) {
  // Generated within bounds (a precondition discarding most vectors made RapidCheck give up).
  const auto size = *rc::gen::inRange<std::size_t>(1, 9);
  const auto volunteers = *rc::gen::container<std::vector<bool>>(size, rc::gen::arbitrary<bool>());
  const auto committee = *rc::gen::inRange<std::size_t>(1, 256);
  std::vector<NodeRegistration> registrations;
  for (std::size_t i = 0; i < volunteers.size(); ++i) {
    registrations.push_back(test_registration(i, volunteers[i]));
  }
  auto config = assemble_network_config(params(volunteers.size(), committee), registrations);
  std::size_t seen = 0;
  for (std::size_t i = 0; i < volunteers.size(); ++i) {
    const bool expected = volunteers[i] && seen < committee;
    RC_ASSERT(config.nodes[i].da == expected);
    if (expected) ++seen;
  }
  RC_ASSERT(config.da_member_count() <= committee);
}

}  // namespace
}  // namespace espresso
