#include "node/options/options_parser.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "node/options/options_test_support.hpp"

namespace espresso {
namespace {

using namespace options_test;

const SqlStorage& sql(const SequencerOptions& o) {
  return std::get<SqlStorage>(o.modules.storage);
}

TEST_F(OptionsParserTest, DefaultsMatchTheStructAndTheHelp) {
  auto parsed = parse_sequencer_options(
      with_required({}, {"--", "http", "--port", "8080", "--", "storage-sql"}));
  ASSERT_TRUE(parsed) << parsed.error().message;
  const SequencerOptions defaults;
  EXPECT_EQ(parsed->orchestrator_url, defaults.orchestrator_url);
  EXPECT_EQ(parsed->cdn_endpoint, defaults.cdn_endpoint);
  EXPECT_EQ(parsed->state_relay_server_url, defaults.state_relay_server_url);
  EXPECT_EQ(parsed->libp2p_bind_address, defaults.libp2p_bind_address);
  EXPECT_EQ(parsed->libp2p_advertise_address, defaults.libp2p_advertise_address);
  EXPECT_EQ(parsed->l1_events_max_block_range, defaults.l1_events_max_block_range);
  EXPECT_FALSE(parsed->is_da);
  EXPECT_FALSE(parsed->l1_provider_url);
  EXPECT_TRUE(parsed->state_peers.empty());
  EXPECT_FALSE(parsed->libp2p_bootstrap_nodes);
  EXPECT_EQ(parsed->modules.http->max_connections, HttpModule{}.max_connections);
  EXPECT_EQ(sql(*parsed), SqlStorage{});
  EXPECT_FALSE(parsed->identity.operating_system.empty());
  EXPECT_FALSE(parsed->identity.node_type.empty());
  EXPECT_TRUE(contains(sequencer_help_text(), "default: http://localhost:8080"));
  EXPECT_TRUE(contains(module_help_text("storage-sql").value(), "default: 3TB"));
}

TEST_F(OptionsParserTest, FlagWinsOverVariable) {
  set_env("ESPRESSO_SEQUENCER_ORCHESTRATOR_URL", "http://from-env:1");
  set_env("ESPRESSO_SEQUENCER_API_PORT", "1111");
  set_env("ESPRESSO_SEQUENCER_MAX_CONNECTIONS", "3");
  auto parsed = parse_sequencer_options(with_required({"--orchestrator-url", "http://from-flag:2"},
                                                      {"--", "http", "--port", "2222"}));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->orchestrator_url, "http://from-flag:2");
  EXPECT_EQ(parsed->modules.http->port, 2222);
  EXPECT_EQ(parsed->modules.http->max_connections, 3u);  // no flag: the variable
}

TEST_F(OptionsParserTest, FlagVariableFalseAndFlagEquals) {
  set_env("ESPRESSO_SEQUENCER_IS_DA", "false");
  EXPECT_FALSE(parse_sequencer_options(with_required({}))->is_da);
  EXPECT_TRUE(parse_sequencer_options(with_required({"--is-da"}))->is_da);
  set_env("ESPRESSO_SEQUENCER_IS_DA", "true");
  EXPECT_TRUE(parse_sequencer_options(with_required({}))->is_da);
  EXPECT_FALSE(parse_sequencer_options(with_required({"--is-da=false"}))->is_da);
}

TEST_F(OptionsParserTest, ModuleVariablesAreReadOnlyForGivenModules) {
  set_env("ESPRESSO_SEQUENCER_STORAGE_PATH", "/data");
  auto parsed = parse_sequencer_options(with_required({}));
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(parsed->modules.storage));
  EXPECT_FALSE(parsed->modules.http);
}

TEST_F(OptionsParserTest, FullModuleLine) {
  auto parsed = parse_sequencer_options(
      with_required({}, {"--",    "http",   "--port",     "50000",   "--max-connections",
                         "100",   "--",     "status",     "--",      "submit",
                         "--",    "config", "--",         "catchup", "--",
                         "query", "--",     "storage-fs", "--path",  "./storage-path"}));
  ASSERT_TRUE(parsed) << parsed.error().message;
  const SequencerModules& m = parsed->modules;
  EXPECT_EQ(m.http, (HttpModule{50000, 100}));
  EXPECT_TRUE(m.status && m.submit && m.config && m.catchup);
  EXPECT_TRUE(m.query);
  EXPECT_EQ(std::get<FsStorage>(m.storage).path, "./storage-path");
}

TEST_F(OptionsParserTest, StorageAliasAndKeysReplaceTheKeyFile) {
  auto parsed = parse_sequencer_options(Args{"--genesis-file", "g.toml", "--private-staking-key",
                                             staking_key_text(), "--private-state-key",
                                             state_key_text(), "--", "storage", "--path", "s"});
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_FALSE(parsed->key_file);
  EXPECT_EQ(std::get<FsStorage>(parsed->modules.storage).path, "s");
}

// --- errors ---

std::string error_of(const Args& args) {
  auto parsed = parse_sequencer_options(args);
  EXPECT_FALSE(parsed) << "expected an error";
  return parsed ? std::string() : parsed.error().message;
}

TEST_F(OptionsParserTest, UnknownOptionAndModule) {
  EXPECT_TRUE(contains(error_of(with_required({"--bogus-flag"})), "--bogus-flag"));
  EXPECT_TRUE(
      contains(error_of(with_required({}, {"--", "http", "--port", "1", "--nope"})), "--nope"));
  const std::string module = error_of(with_required({}, {"--", "api"}));
  EXPECT_TRUE(contains(module, "unknown module \"api\"")) << module;
  EXPECT_TRUE(contains(module, "storage-sql")) << module;
  EXPECT_TRUE(contains(error_of(with_required({}, {"--"})), "module name"));
  EXPECT_TRUE(contains(error_of(with_required({"stray"})), "stray"));
}

TEST_F(OptionsParserTest, ModuleTwiceAndBothStorages) {
  EXPECT_TRUE(contains(
      error_of(with_required({}, {"--", "http", "--port", "1", "--", "status", "--", "status"})),
      "module status is given twice"));
  EXPECT_TRUE(contains(error_of(with_required({}, {"--", "storage-fs", "--path", "a", "--",
                                                   "storage", "--path", "b"})),
                       "module storage-fs is given twice"));
  EXPECT_TRUE(contains(
      error_of(with_required({}, {"--", "storage-fs", "--path", "a", "--", "storage-sql"})),
      "storage-fs and storage-sql cannot both"));
}

TEST_F(OptionsParserTest, MissingRequiredParameters) {
  const std::string genesis = error_of({"--key-file", "k"});
  EXPECT_TRUE(contains(genesis,
                       "missing required parameter --genesis-file "
                       "(ESPRESSO_SEQUENCER_GENESIS_FILE)"))
      << genesis;
  EXPECT_TRUE(
      contains(error_of({"--genesis-file", "g"}), "--key-file (ESPRESSO_SEQUENCER_KEY_FILE)"));
  EXPECT_TRUE(
      contains(error_of({"--genesis-file", "g", "--private-staking-key", staking_key_text()}),
               "must be given together"));
  const std::string port = error_of(with_required({}, {"--", "http"}));
  EXPECT_TRUE(contains(port, "--port (ESPRESSO_SEQUENCER_API_PORT) of module http")) << port;
  EXPECT_TRUE(contains(error_of(with_required({}, {"--", "storage-fs"})),
                       "--path (ESPRESSO_SEQUENCER_STORAGE_PATH) of module storage-fs"));
  EXPECT_TRUE(contains(error_of(with_required({"--latitude", "1"})), "--longitude"));
}

TEST_F(OptionsParserTest, BadCombinationsOfModules) {
  const std::string no_http =
      error_of(with_required({}, {"--", "query", "--", "storage-fs", "--path", "p"}));
  EXPECT_TRUE(contains(no_http, "module query needs module http")) << no_http;
  const std::string no_storage =
      error_of(with_required({}, {"--", "http", "--port", "1", "--", "query"}));
  EXPECT_TRUE(contains(no_storage, "module query needs a storage module")) << no_storage;
  EXPECT_TRUE(
      contains(error_of(with_required({}, {"--", "submit"})), "module submit needs module http"));
  EXPECT_TRUE(contains(error_of(with_required({}, {"--", "storage-sql", "--prune", "--archive"})),
                       "--archive"));
}

TEST_F(OptionsParserTest, BadValuesNameTheOptionAndTheValue) {
  struct Case {
    Args args;
    std::vector<std::string_view> parts;
  };
  const std::vector<Case> cases = {
      {with_required({}, {"--", "http", "--port", "70000"}),
       {"--port (ESPRESSO_SEQUENCER_API_PORT) of module http", "\"70000\""}},
      {with_required({}, {"--", "http", "--port", "1", "--max-connections", "many"}),
       {"--max-connections", "\"many\""}},
      {with_required({}, {"--", "storage-sql", "--minimum-retention", "1 fortnight"}),
       {"--minimum-retention (ESPRESSO_SEQUENCER_PRUNER_MINIMUM_RETENTION)", "1 fortnight"}},
      {with_required({}, {"--", "storage-sql", "--pruning-threshold", "12 parsecs"}),
       {"--pruning-threshold", "12 parsecs"}},
      {with_required({}, {"--", "storage-sql", "--max-usage", "10001"}),
       {"--max-usage", "\"10001\""}},
      {with_required({"--libp2p-bind-address", "nohost"}),
       {"--libp2p-bind-address (ESPRESSO_SEQUENCER_LIBP2P_BIND_ADDRESS)", "nohost"}},
      {with_required({"--libp2p-bootstrap-nodes", "/ip4/1.2.3.4/sctp/1"}),
       {"--libp2p-bootstrap-nodes", "/ip4/1.2.3.4/sctp/1"}},
      {with_required({"--orchestrator-url", "localhost:8080"}),
       {"--orchestrator-url", "\"localhost:8080\""}},
      {with_required({"--state-peers", "http://a,,http://b"}), {"--state-peers", "empty entry"}},
      {with_required({"--latitude", "91", "--longitude", "0"}), {"--latitude", "\"91\""}},
      {with_required({"--country-code", "USA"}), {"--country-code", "\"USA\""}},
      {with_required({"--l1-events-max-block-range", "-5"}),
       {"--l1-events-max-block-range", "\"-5\""}},
  };
  for (const Case& c : cases) {
    const std::string message = error_of(c.args);
    for (std::string_view part : c.parts) EXPECT_TRUE(contains(message, part)) << message;
  }
}

TEST_F(OptionsParserTest, BadVariableNamesTheVariable) {
  set_env("ESPRESSO_SEQUENCER_IS_DA", "maybe");
  const std::string message = error_of(with_required({}));
  EXPECT_TRUE(contains(message, "ESPRESSO_SEQUENCER_IS_DA")) << message;
  EXPECT_TRUE(contains(message, "\"maybe\"")) << message;
}

TEST_F(OptionsParserTest, SecretsNeverAppearInErrors) {
  const std::string bad_key = "BLS_SIGNING_KEY~c2VjcmV0LXNlY3JldC1zZWNyZXQ";
  const std::string key_error = error_of({"--genesis-file", "g", "--private-staking-key", bad_key,
                                          "--private-state-key", state_key_text()});
  EXPECT_TRUE(contains(key_error, "--private-staking-key")) << key_error;
  EXPECT_FALSE(contains(key_error, "c2VjcmV0")) << key_error;

  {
    ScopedEnv env("ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY", "SCHNORR_SIGNING_KEY~dG9wLXNlY3JldA");
    const std::string env_error = error_of({"--genesis-file", "g", "--key-file", "k"});
    EXPECT_TRUE(contains(env_error, "ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY")) << env_error;
    EXPECT_FALSE(contains(env_error, "dG9wLXNlY3JldA")) << env_error;
  }

  // CLI11's own error (an option given twice) must not quote the values either.
  const std::string twice = error_of(
      with_required({}, {"--", "storage-sql", "--password", "hunter2", "--password", "hunter3"}));
  EXPECT_TRUE(contains(twice, "--password")) << twice;
  EXPECT_FALSE(contains(twice, "hunter")) << twice;
  // A module's secret flag given among the top-level options is unknown there, and still hidden.
  const std::string misplaced = error_of(with_required({"--password", "hunter4"}));
  EXPECT_TRUE(contains(misplaced, "--password")) << misplaced;
  EXPECT_FALSE(contains(misplaced, "hunter4")) << misplaced;
  // An empty secret next to a CLI11 error (once an endless loop in the blanking).
  EXPECT_TRUE(contains(error_of({"--private-staking-key", "", "--bogus"}), "--bogus"));
  const std::string uri =
      error_of(with_required({}, {"--", "storage-sql", "--uri", "mysql://u:pw@h/db"}));
  EXPECT_TRUE(contains(uri, "--uri")) << uri;
  EXPECT_FALSE(contains(uri, "pw@")) << uri;
}

TEST_F(OptionsParserTest, HelpRequests) {
  auto top = requested_help(Args{"--help"});
  ASSERT_TRUE(top && *top);
  EXPECT_TRUE(contains(**top, "--genesis-file <PATH>"));
  EXPECT_TRUE(contains(**top, "env: ESPRESSO_SEQUENCER_GENESIS_FILE   (required)"));

  auto http = requested_help(Args{"--genesis-file", "g", "--", "http", "--help"});
  ASSERT_TRUE(http && *http);
  EXPECT_TRUE(contains(**http, "env: ESPRESSO_SEQUENCER_MAX_CONNECTIONS   default: 100"));

  auto by_help_module = requested_help(Args{"--", "help", "storage-sql"});
  ASSERT_TRUE(by_help_module && *by_help_module);
  EXPECT_TRUE(contains(**by_help_module, "ESPRESSO_SEQUENCER_PRUNER_INTERVAL"));
  EXPECT_FALSE(contains(**by_help_module, "ESPRESSO_SEQUENCER_API_PORT"));

  auto unknown = requested_help(Args{"--", "nosuch", "--help"});
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(*unknown);
  EXPECT_FALSE(requested_help(with_required({})));
  EXPECT_FALSE(parse_sequencer_options(Args{"--help"}));
}

}  // namespace
}  // namespace espresso

namespace espresso {
namespace {

// Any sequence of known flags, module names, separators and junk gives a result or an error, never
// an exception or a crash.
RC_GTEST_PROP(OptionsParserProperty, ArbitraryWordsNeverThrow, ()) {
  std::vector<std::string> vocabulary = {"--",   "-h",      "--help",   "",     "=",
                                         "x",    "-1",      "1",        "true", "http://h:1",
                                         "help", "storage", "0.0.0.0:1"};
  for (const OptionSpec& spec : sequencer_option_specs()) vocabulary.emplace_back(spec.flag);
  for (const ModuleSpec& module : sequencer_module_specs()) {
    vocabulary.emplace_back(module.name);
    for (const OptionSpec& spec : module.options) vocabulary.emplace_back(spec.flag);
  }
  const auto word =
      rc::gen::oneOf(rc::gen::elementOf(vocabulary), rc::gen::arbitrary<std::string>());
  const auto args = *rc::gen::container<std::vector<std::string>>(word);
  // Results are not checked here: only that both calls return.
  const auto parsed = parse_sequencer_options(args);
  const auto help = requested_help(args);
  RC_ASSERT(parsed.has_value() || !parsed.error().message.empty());
  RC_ASSERT(!help || !*help || !(**help).empty());
}

}  // namespace
}  // namespace espresso
