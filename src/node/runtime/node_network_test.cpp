#include "node/runtime/node_network.hpp"

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/test_paths.hpp"

namespace espresso {
namespace {

NodeNetwork sample_network() {
  KeySeed seed{};
  seed.fill(7);
  NodeNetwork network;
  network.view_timeout_ms = 1500;
  for (std::uint64_t i = 0; i < 3; ++i) {
    auto key = BlsSecretKey::from_seed(seed, i);
    network.members.push_back(
        NetworkMember{key.public_key(), key.prove_possession(), i + 1, i != 2,
                      HostPort{"127.0.0.1", static_cast<std::uint16_t>(9000 + i)}});
  }
  return network;
}

void expect_same(const NodeNetwork& a, const NodeNetwork& b) {
  ASSERT_EQ(a.members.size(), b.members.size());
  EXPECT_EQ(a.view_timeout_ms, b.view_timeout_ms);
  for (std::size_t i = 0; i < a.members.size(); ++i) {
    EXPECT_EQ(a.members[i].staking_key, b.members[i].staking_key);
    EXPECT_EQ(a.members[i].proof_of_possession, b.members[i].proof_of_possession);
    EXPECT_EQ(a.members[i].stake, b.members[i].stake);
    EXPECT_EQ(a.members[i].da, b.members[i].da);
    EXPECT_EQ(a.members[i].address, b.members[i].address);
  }
}

TEST(NodeNetwork, JsonRoundTrip) {
  const auto network = sample_network();
  auto back = node_network_from_json(to_json(network));
  ASSERT_TRUE(back) << back.error().message;
  expect_same(network, *back);
  EXPECT_EQ(network.index_of(network.members[1].staking_key), 1u);
}

TEST(NodeNetwork, SavedFileIsReloaded) {
  storage::TempDir dir;
  const auto path = saved_network_path(dir.file(""));
  auto missing = load_node_network(path);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  ASSERT_TRUE(save_node_network(path, sample_network()));
  auto loaded = load_node_network(path);
  ASSERT_TRUE(loaded && *loaded);
  expect_same(sample_network(), **loaded);
}

TEST(NodeNetwork, BadFieldsAreNamed) {
  auto json = to_json(sample_network());
  json["members"][1]["staking_key"] = "BLS_VER_KEY~nope";
  auto bad = node_network_from_json(json);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("members[1]"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("staking_key"), std::string::npos);

  json = to_json(sample_network());
  json["members"][0]["address"] = "no port";
  EXPECT_FALSE(node_network_from_json(json));
  EXPECT_FALSE(node_network_from_json(nlohmann::json::object()));

  storage::TempDir dir;
  const auto path = dir.file("network.json");
  std::ofstream(path) << "{ not json";
  auto garbage = load_node_network(path);
  ASSERT_FALSE(garbage);
  EXPECT_NE(garbage.error().message.find("not JSON"), std::string::npos);
}

}  // namespace
}  // namespace espresso
