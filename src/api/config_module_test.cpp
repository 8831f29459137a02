#include "api/config_module.hpp"

#include <cstdlib>

#include <gtest/gtest.h>

namespace espresso {
namespace {

TEST(ConfigModule, EnvShowsOnlyAllowListedPublicVariables) {
  EnvironmentVariables environment = {
      {"ESPRESSO_SEQUENCER_API_PORT", "8080"},
      {"ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY", "BLS_SIGNING_KEY~secret"},
      {"ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY", "SCHNORR_SIGNING_KEY~secret"},
      {"ESPRESSO_SEQUENCER_KEY_FILE", "/keys/0.env"},
      {"ESPRESSO_SEQUENCER_POSTGRES_PASSWORD", "hunter2"},
      {"ESPRESSO_SEQUENCER_L1_PROVIDER", "https://l1.example/v2/token"},
      {"ESPRESSO_UNKNOWN_SETTING", "x"},
      {"HOME", "/root"},
  };
  Router router;
  ASSERT_TRUE(register_config_routes(router, nlohmann::json::object(), environment));
  auto response = router.handle({HttpMethod::kGet, "/v0/config/env", "", ""});
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(nlohmann::json::parse(response.body),
            (nlohmann::json{{"ESPRESSO_SEQUENCER_API_PORT", "8080"}}));
  for (const char* leaked : {"secret", "hunter2", "token", "/keys", "/root"}) {
    EXPECT_EQ(response.body.find(leaked), std::string::npos) << leaked;
  }
}

TEST(ConfigModule, SecretLookingNamesAreDroppedEvenWhenAllowed) {
  std::string_view allowed[] = {"ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY", "ESPRESSO_X"};
  auto env = public_environment(
      {{"ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY", "s"}, {"ESPRESSO_X", "1"}}, allowed);
  EXPECT_EQ(env, (nlohmann::json{{"ESPRESSO_X", "1"}}));
}

TEST(ConfigModule, ProcessEnvironmentIsRead) {
  ASSERT_EQ(setenv("ESPRESSO_SEQUENCER_API_PORT", "5555", 1), 0);
  ASSERT_EQ(setenv("ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY", "leak-me-not", 1), 0);
  auto env = public_environment(process_environment(), public_environment_names());
  EXPECT_EQ(env["ESPRESSO_SEQUENCER_API_PORT"], "5555");
  EXPECT_EQ(env.dump().find("leak-me-not"), std::string::npos);
}

TEST(ConfigModule, HotshotConfigLosesPrivateKeysAtAnyDepth) {
  nlohmann::json config = {
      {"num_nodes", 4},
      {"my_own_validator_config",
       {{"public_key", "BLS_VER_KEY~abc"},
        {"private_key", "BLS_SIGNING_KEY~s"},
        {"state_key_pair", {{"sign_key", "x"}, {"ver_key", "SCHNORR_VER_KEY~v"}}}}},
      {"known_nodes", {{{"stake_table_entry", "e"}, {"private_state_key", "s"}}}},
  };
  Router router;
  ASSERT_TRUE(register_config_routes(router, config, {}));
  auto response = router.handle({HttpMethod::kGet, "/config/hotshot", "", ""});
  ASSERT_EQ(response.status, 200);
  auto served = nlohmann::json::parse(response.body);
  EXPECT_EQ(served["num_nodes"], 4);
  EXPECT_EQ(served["my_own_validator_config"]["public_key"], "BLS_VER_KEY~abc");
  EXPECT_FALSE(served["my_own_validator_config"].contains("private_key"));
  EXPECT_FALSE(served["known_nodes"][0].contains("private_state_key"));
  EXPECT_EQ(served["known_nodes"][0]["stake_table_entry"], "e");
  EXPECT_EQ(served["my_own_validator_config"]["state_key_pair"],
            (nlohmann::json{{"ver_key", "SCHNORR_VER_KEY~v"}}));
  EXPECT_EQ(response.body.find("SIGNING_KEY"), std::string::npos);
}

}  // namespace
}  // namespace espresso
