#include "node/options/node_keys.hpp"

#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

namespace espresso {
namespace {

class NodeKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("eseq_node_keys_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(NodeKeysTest, DirectKeysReplaceTheKeyFile) {
  const NodeKeys keys = NodeKeys::from_seed(KeySeed{}, 1);
  SequencerOptions options;
  options.key_file = dir_ / "does-not-exist.env";
  options.private_staking_key = keys.staking;
  options.private_state_key = keys.state;
  auto resolved = resolve_node_keys(options);
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_EQ(resolved->staking, keys.staking);
  EXPECT_EQ(resolved->state, keys.state);
}

TEST_F(NodeKeysTest, ReadsTheKeyFile) {
  const NodeKeys keys = NodeKeys::from_seed(KeySeed{}, 2);
  ASSERT_TRUE(write_key_file(dir_ / "2.env", {keys.staking, keys.state}));
  SequencerOptions options;
  options.key_file = dir_ / "2.env";
  auto resolved = resolve_node_keys(options);
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_EQ(resolved->staking, keys.staking);
}

TEST_F(NodeKeysTest, Errors) {
  SequencerOptions options;
  EXPECT_FALSE(resolve_node_keys(options));  // nothing given

  options.private_staking_key = NodeKeys::from_seed(KeySeed{}, 3).staking;
  auto half = resolve_node_keys(options);
  ASSERT_FALSE(half);
  EXPECT_NE(half.error().message.find("together"), std::string::npos);

  SequencerOptions missing_file;
  missing_file.key_file = dir_ / "missing.env";
  auto unreadable = resolve_node_keys(missing_file);
  ASSERT_FALSE(unreadable);
  EXPECT_NE(unreadable.error().message.find("missing.env"), std::string::npos);

  const NodeKeys keys = NodeKeys::from_seed(KeySeed{}, 4);
  ASSERT_TRUE(write_key_file(dir_ / "bls-only.env", {keys.staking, std::nullopt}));
  SequencerOptions partial;
  partial.key_file = dir_ / "bls-only.env";
  auto no_state = resolve_node_keys(partial);
  ASSERT_FALSE(no_state);
  EXPECT_NE(no_state.error().message.find("ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY"),
            std::string::npos)
      << no_state.error().message;
}

}  // namespace
}  // namespace espresso
