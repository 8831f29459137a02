#include "node/runtime/saved_network.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "storage/test_paths.hpp"

namespace espresso {
namespace {

NetworkConfig sample_network() {
  KeySeed seed{};
  seed.fill(7);
  std::vector<NodeRegistration> registrations;
  for (std::uint64_t i = 0; i < 3; ++i) {
    auto key = BlsSecretKey::from_seed(seed, i);
    registrations.push_back(NodeRegistration{
        key.public_key(), key.prove_possession(), SchnorrSecretKey::from_seed(seed, i).public_key(),
        HostPort{"127.0.0.1", static_cast<std::uint16_t>(9000 + i)}, true, std::nullopt, i + 1});
  }
  ConsensusParameters parameters;
  parameters.num_nodes = 3;
  parameters.start_threshold = 3;
  return assemble_network_config(parameters, registrations);
}

TEST(SavedNetwork, SavedFileIsReloaded) {
  storage::TempDir dir;
  const auto path = saved_network_path(dir.file(""));
  auto missing = load_network_config(path);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  ASSERT_TRUE(save_network_config(path, sample_network()));
  auto loaded = load_network_config(path);
  ASSERT_TRUE(loaded && *loaded) << (loaded ? "missing" : loaded.error().message);
  EXPECT_EQ(**loaded, sample_network());
}

TEST(SavedNetwork, GarbageIsAnErrorNamingTheFile) {
  storage::TempDir dir;
  const auto path = dir.file("network.json");
  std::ofstream(path) << "{ not json";
  auto garbage = load_network_config(path);
  ASSERT_FALSE(garbage);
  EXPECT_NE(garbage.error().message.find("network.json: not JSON"), std::string::npos);

  std::ofstream(path, std::ios::trunc) << R"({"parameters": {}, "nodes": []})";
  auto bad = load_network_config(path);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("network.json"), std::string::npos);
}

}  // namespace
}  // namespace espresso
