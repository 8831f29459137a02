#include "orchestrator_cli.hpp"

#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace espresso {
namespace {

using namespace std::chrono_literals;

// Parses `args` (without the program name) into settings, or the first error.
Result<OrchestratorSettings> parse(std::vector<std::string> args) {
  CLI::App app;
  OrchestratorCliValues values;
  add_orchestrator_options(app, values);
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& error) {
    return fail(std::string("cli: ") + error.what());
  }
  return orchestrator_settings(values);
}

TEST(OrchestratorCli, DefaultsFollowTheNumberOfNodes) {
  auto settings = parse({"-p", "8080", "-n", "5"});
  ASSERT_TRUE(settings) << settings.error().message;
  EXPECT_EQ(settings->port, 8080);
  EXPECT_EQ(settings->bind_address, "0.0.0.0");
  EXPECT_EQ(settings->parameters.num_nodes, 5u);
  EXPECT_EQ(settings->parameters.start_threshold, 5u);
  EXPECT_EQ(settings->parameters.da_committee_size, 5u);
  EXPECT_EQ(settings->parameters.view_timeout, 10s);
  EXPECT_EQ(settings->parameters.builder_timeout, 1s);
}

TEST(OrchestratorCli, ReadsEveryParameter) {
  auto settings = parse({"-p",
                         "1",
                         "-n",
                         "4",
                         "--start-threshold",
                         "3",
                         "--da-committee-size",
                         "2",
                         "--next-view-timeout",
                         "1m30s",
                         "--round-start-delay",
                         "5ms",
                         "--start-delay",
                         "2s",
                         "--builder-timeout",
                         "250ms",
                         "--data-request-delay",
                         "3s",
                         "--max-block-size",
                         "1000",
                         "--bind-address",
                         "127.0.0.1"});
  ASSERT_TRUE(settings) << settings.error().message;
  const auto& p = settings->parameters;
  EXPECT_EQ(p.start_threshold, 3u);
  EXPECT_EQ(p.da_committee_size, 2u);
  EXPECT_EQ(p.view_timeout, 90s);
  EXPECT_EQ(p.round_start_delay, 5ms);
  EXPECT_EQ(p.start_delay, 2s);
  EXPECT_EQ(p.builder_timeout, 250ms);
  EXPECT_EQ(p.data_request_delay, 3s);
  EXPECT_EQ(p.max_block_size, 1000u);
  EXPECT_EQ(settings->bind_address, "127.0.0.1");
}

TEST(OrchestratorCli, EnvironmentFillsOptionsAndTheCommandLineWins) {
  ::setenv("ESPRESSO_ORCHESTRATOR_NUM_NODES", "7", 1);
  ::setenv("ESPRESSO_ORCHESTRATOR_NEXT_VIEW_TIMEOUT", "3s", 1);
  auto from_env = parse({"-p", "1"});
  auto overridden = parse({"-p", "1", "-n", "2"});
  ::unsetenv("ESPRESSO_ORCHESTRATOR_NUM_NODES");
  ::unsetenv("ESPRESSO_ORCHESTRATOR_NEXT_VIEW_TIMEOUT");
  ASSERT_TRUE(from_env) << from_env.error().message;
  EXPECT_EQ(from_env->parameters.num_nodes, 7u);
  EXPECT_EQ(from_env->parameters.view_timeout, 3s);
  ASSERT_TRUE(overridden) << overridden.error().message;
  EXPECT_EQ(overridden->parameters.num_nodes, 2u);
}

TEST(OrchestratorCli, BadValuesAreClearErrors) {
  auto duration = parse({"-p", "1", "-n", "2", "--builder-timeout", "soon"});
  ASSERT_FALSE(duration);
  EXPECT_NE(duration.error().message.find("--builder-timeout: \"soon\" is not a duration"),
            std::string::npos)
      << duration.error().message;

  auto zero_timeout = parse({"-p", "1", "-n", "2", "--next-view-timeout", "0s"});
  ASSERT_FALSE(zero_timeout);
  EXPECT_NE(zero_timeout.error().message.find("--next-view-timeout"), std::string::npos);

  auto threshold = parse({"-p", "1", "-n", "2", "--start-threshold", "3"});
  ASSERT_FALSE(threshold);
  EXPECT_NE(threshold.error().message.find("more than --num-nodes (2)"), std::string::npos)
      << threshold.error().message;

  EXPECT_FALSE(parse({"-p", "1"}));             // -n is required
  EXPECT_FALSE(parse({"-p", "1", "-n", "0"}));  // at least one node
  EXPECT_FALSE(parse({"-p", "70000", "-n", "1"}));
}

TEST(OrchestratorCli, HelpShowsDefaultsAndEnvironmentVariables) {
  CLI::App app;
  OrchestratorCliValues values;
  add_orchestrator_options(app, values);
  const std::string help = app.help();
  EXPECT_NE(help.find("ESPRESSO_ORCHESTRATOR_NEXT_VIEW_TIMEOUT"), std::string::npos) << help;
  EXPECT_NE(help.find("10s"), std::string::npos) << help;
  EXPECT_NE(help.find("--builder-timeout"), std::string::npos) << help;
}

}  // namespace
}  // namespace espresso
