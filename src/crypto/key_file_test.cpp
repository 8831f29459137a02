#include "crypto/key_file.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "crypto/key_encoding.hpp"

namespace espresso {
namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("eseq_key_file_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(KeyFileTest, RoundTripWithMode0600) {
  KeySeed seed{};
  const auto keys = NodeKeys::from_seed(seed, 0);
  const auto path = dir_ / "0.env";
  ASSERT_TRUE(write_key_file(path, {keys.staking, keys.state}));

  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);

  const auto read = read_key_file(path).value().node_keys().value();
  EXPECT_EQ(read.staking, keys.staking);
  EXPECT_EQ(read.state, keys.state);

  // Overwriting keeps 0600 even if the old file had looser permissions.
  ::chmod(path.c_str(), 0644);
  ASSERT_TRUE(write_key_file(path, {keys.staking, std::nullopt}));
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));
}

TEST_F(KeyFileTest, FormatHasPublicAndPrivateLines) {
  const auto keys = NodeKeys::random();
  const std::string text = format_key_file({keys.staking, keys.state});
  EXPECT_TRUE(contains(text, "ESPRESSO_SEQUENCER_PUBLIC_STAKING_KEY=BLS_VER_KEY~"));
  EXPECT_TRUE(contains(text, "ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY=BLS_SIGNING_KEY~"));
  EXPECT_TRUE(contains(text, "ESPRESSO_SEQUENCER_PUBLIC_STATE_KEY=SCHNORR_VER_KEY~"));
  EXPECT_TRUE(contains(text, "ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY=SCHNORR_SIGNING_KEY~"));
}

TEST_F(KeyFileTest, ParsesTheGuidesFormWithCommentsQuotesAndExport) {
  const auto keys = NodeKeys::random();
  const std::string text =
      "# generated\n\nexport ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY=\"" +
      to_tagged_base64(keys.staking) +
      "\"\r\nESPRESSO_SEQUENCER_PRIVATE_STATE_KEY = " + to_tagged_base64(keys.state) +
      "\nOTHER_VARIABLE=ignored";
  const auto parsed = parse_key_file(text).value().node_keys().value();
  EXPECT_EQ(parsed.staking, keys.staking);
  EXPECT_EQ(parsed.state, keys.state);
}

TEST_F(KeyFileTest, ClearErrors) {
  const auto keys = NodeKeys::random();
  const std::string staking_line =
      "ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY=" + to_tagged_base64(keys.staking) + "\n";

  auto missing = parse_key_file(staking_line).value().node_keys();
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "missing ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY");

  auto wrong_tag = parse_key_file(
      "ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY=" + to_tagged_base64(keys.state) + "\n", "0.env");
  ASSERT_FALSE(wrong_tag);
  EXPECT_TRUE(
      contains(wrong_tag.error().message, "0.env:1: ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY"));
  EXPECT_TRUE(contains(wrong_tag.error().message, "expected \"BLS_SIGNING_KEY\""));

  auto bad_base64 =
      parse_key_file("\nESPRESSO_SEQUENCER_PRIVATE_STATE_KEY=SCHNORR_SIGNING_KEY~%%\n", "x.env");
  ASSERT_FALSE(bad_base64);
  EXPECT_TRUE(contains(bad_base64.error().message, "x.env:2:"));

  auto no_equals = parse_key_file("just text\n", "y.env");
  ASSERT_FALSE(no_equals);
  EXPECT_TRUE(contains(no_equals.error().message, "y.env:1: expected NAME=VALUE"));

  const auto other = NodeKeys::random();
  auto mismatch = parse_key_file(
      "ESPRESSO_SEQUENCER_PUBLIC_STAKING_KEY=" + to_tagged_base64(other.staking.public_key()) +
      "\n" + staking_line);
  ASSERT_FALSE(mismatch);
  EXPECT_TRUE(contains(mismatch.error().message, "does not belong"));

  auto absent = read_key_file(dir_ / "nope.env");
  ASSERT_FALSE(absent);
  EXPECT_TRUE(contains(absent.error().message, "nope.env"));
  EXPECT_TRUE(contains(absent.error().message, "No such file"));
}

}  // namespace
}  // namespace espresso
