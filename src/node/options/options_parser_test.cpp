#include "node/options/options_parser.hpp"

#include <functional>
#include <list>
#include <memory>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "crypto/key_encoding.hpp"
#include "crypto/key_file.hpp"
#include "node/options/option_table.hpp"
#include "node/options/scoped_env.hpp"

namespace espresso {
namespace {

using namespace std::chrono_literals;
using Args = std::vector<std::string>;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

const NodeKeys& test_keys() {
  static const NodeKeys keys = NodeKeys::from_seed(KeySeed{}, 3);
  return keys;
}
std::string staking_key_text() {
  return to_tagged_base64(test_keys().staking);
}
std::string state_key_text() {
  return to_tagged_base64(test_keys().state);
}

// Clears every variable of the option table for the test, so the machine's environment cannot
// change the outcome; restores them afterwards.
class OptionsParserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto clear = [&](std::span<const OptionSpec> specs) {
      for (const OptionSpec& spec : specs) {
        if (!spec.env.empty()) cleared_.emplace_back(std::string(spec.env), std::nullopt);
      }
    };
    clear(sequencer_option_specs());
    for (const ModuleSpec& module : sequencer_module_specs()) clear(module.options);
  }

  // The required parameters plus `extra`, then the module words.
  // `omit` names a required flag to leave out (the test sets it another way).
  static Args with_required(Args extra, Args modules = {}, std::string_view omit = "") {
    Args args;
    if (omit != "--genesis-file") args.insert(args.end(), {"--genesis-file", "genesis.toml"});
    if (omit != "--key-file") args.insert(args.end(), {"--key-file", "0.env"});
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), modules.begin(), modules.end());
    return args;
  }

  void set_env(const std::string& name, const std::string& value) {
    set_.emplace_back(name, value);
  }

 private:
  std::list<ScopedEnv> cleared_;
  std::list<ScopedEnv> set_;
};

// Every option and variable the seed operator guide (/work/shared/seeds/004_*.txt) lists, with the
// section it comes from, a valid value, and what that value must set.
struct SeedOption {
  std::string_view section;
  std::string_view module;  // empty: top-level
  std::string_view flag;
  std::string_view env;  // empty: the guide lists "N/A"
  std::string value;     // empty for flags
  std::function<bool(const SequencerOptions&)> check;
};

const SqlStorage& sql(const SequencerOptions& o) {
  return std::get<SqlStorage>(o.modules.storage);
}

std::vector<SeedOption> seed_options() {
  return {
      {"Required parameters", "", "--l1-provider-url", "ESPRESSO_SEQUENCER_L1_PROVIDER",
       "http://localhost:8545",
       [](auto& o) { return o.l1_provider_url == "http://localhost:8545"; }},
      {"Required parameters", "", "--orchestrator-url", "ESPRESSO_SEQUENCER_ORCHESTRATOR_URL",
       "http://orch:9000", [](auto& o) { return o.orchestrator_url == "http://orch:9000"; }},
      {"Required parameters", "", "--cdn-endpoint", "ESPRESSO_SEQUENCER_CDN_ENDPOINT",
       "cdn.example:1737",
       [](auto& o) {
         return o.cdn_endpoint == HostPort{"cdn.example", 1737};
       }},
      {"Required parameters", "", "--state-relay-server-url", "ESPRESSO_STATE_RELAY_SERVER_URL",
       "https://relay.example",
       [](auto& o) { return o.state_relay_server_url == "https://relay.example"; }},
      {"Required parameters", "", "--state-peers", "ESPRESSO_SEQUENCER_STATE_PEERS",
       "http://a:1, https://b",
       [](auto& o) {
         return o.state_peers == std::vector<std::string>{"http://a:1", "https://b"};
       }},
      {"Required parameters", "", "--key-file", "ESPRESSO_SEQUENCER_KEY_FILE", "/keys/7.env",
       [](auto& o) { return o.key_file == std::filesystem::path("/keys/7.env"); }},
      {"Required parameters", "", "--genesis-file", "ESPRESSO_SEQUENCER_GENESIS_FILE",
       "/genesis/demo.toml", [](auto& o) { return o.genesis_file == "/genesis/demo.toml"; }},
      {"Required parameters", "", "--libp2p-bind-address", "ESPRESSO_SEQUENCER_LIBP2P_BIND_ADDRESS",
       "0.0.0.0:3000",
       [](auto& o) {
         return o.libp2p_bind_address == HostPort{"0.0.0.0", 3000};
       }},
      {"Required parameters", "", "--libp2p-advertise-address",
       "ESPRESSO_SEQUENCER_LIBP2P_ADVERTISE_ADDRESS", "node1.example:3000",
       [](auto& o) {
         return o.libp2p_advertise_address == HostPort{"node1.example", 3000};
       }},
      {"Optional parameters", "", "--private-staking-key", "ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY",
       staking_key_text(), [](auto& o) { return o.private_staking_key == test_keys().staking; }},
      {"Optional parameters", "", "--private-state-key", "ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY",
       state_key_text(), [](auto& o) { return o.private_state_key == test_keys().state; }},
      {"Optional parameters", "", "--is-da", "ESPRESSO_SEQUENCER_IS_DA", "",
       [](auto& o) { return o.is_da; }},
      {"Optional parameters", "", "--l1-events-max-block-range",
       "ESPRESSO_SEQUENCER_L1_EVENTS_MAX_BLOCK_RANGE", "500",
       [](auto& o) { return o.l1_events_max_block_range == 500; }},
      {"Optional parameters", "", "--libp2p-bootstrap-nodes",
       "ESPRESSO_SEQUENCER_LIBP2P_BOOTSTRAP_NODES",
       "/ip4/127.0.0.1/tcp/2000/p2p/12D3KooWDtGECieXrqKoVxfDhU7afYnS6toj1GqWXuEDfcaGPDxa,"
       "/dns/mynode.example.com/udp/2000/quic-v1",
       [](auto& o) {
         return o.libp2p_bootstrap_nodes && o.libp2p_bootstrap_nodes->size() == 2 &&
                (*o.libp2p_bootstrap_nodes)[1].address == HostPort{"mynode.example.com", 2000};
       }},
      {"Optional parameters", "", "--node-name", "ESPRESSO_SEQUENCER_IDENTITY_NODE_NAME",
       "espresso-sequencer-01",
       [](auto& o) { return o.identity.node_name == "espresso-sequencer-01"; }},
      {"Optional parameters", "", "--company-name", "ESPRESSO_SEQUENCER_IDENTITY_COMPANY_NAME",
       "Espresso Systems", [](auto& o) { return o.identity.company_name == "Espresso Systems"; }},
      {"Optional parameters", "", "--company-website",
       "ESPRESSO_SEQUENCER_IDENTITY_COMPANY_WEBSITE", "https://www.espressosys.com",
       [](auto& o) { return o.identity.company_website == "https://www.espressosys.com"; }},
      {"Optional parameters", "", "--operating-system",
       "ESPRESSO_SEQUENCER_IDENTITY_OPERATING_SYSTEM", "Darwin 23.6.0",
       [](auto& o) { return o.identity.operating_system == "Darwin 23.6.0"; }},
      {"Optional parameters", "", "--node-type", "ESPRESSO_SEQUENCER_IDENTITY_NODE_TYPE",
       "espresso-sequencer 1.0.0",
       [](auto& o) { return o.identity.node_type == "espresso-sequencer 1.0.0"; }},
      {"Optional parameters", "", "--network-type", "ESPRESSO_SEQUENCER_IDENTITY_NETWORK_TYPE",
       "AWS us-west-2", [](auto& o) { return o.identity.network_type == "AWS us-west-2"; }},
      {"Optional parameters", "", "--country-code", "ESPRESSO_SEQUENCER_IDENTITY_COUNTRY_CODE",
       "de", [](auto& o) { return o.identity.country_code == "DE"; }},
      // Latitude and longitude come as a pair; the other one is set by the test (see below).
      {"Optional parameters", "", "--latitude", "ESPRESSO_SEQUENCER_IDENTITY_LATITUDE", "40.417300",
       [](auto& o) { return o.identity.latitude == 40.4173; }},
      {"Optional parameters", "", "--longitude", "ESPRESSO_SEQUENCER_IDENTITY_LONGITUDE",
       "-82.907100", [](auto& o) { return o.identity.longitude == -82.9071; }},
      {"HTTP", "http", "--port", "ESPRESSO_SEQUENCER_API_PORT", "50000",
       [](auto& o) { return o.modules.http && o.modules.http->port == 50000; }},
      {"HTTP", "http", "--max-connections", "ESPRESSO_SEQUENCER_MAX_CONNECTIONS", "7",
       [](auto& o) { return o.modules.http && o.modules.http->max_connections == 7u; }},
      {"Query", "query", "--peers", "ESPRESSO_SEQUENCER_API_PEERS", "https://query.example",
       [](auto& o) {
         return o.modules.query &&
                o.modules.query->peers == std::vector<std::string>{"https://query.example"};
       }},
      {"Filesystem Storage", "storage-fs", "--path", "ESPRESSO_SEQUENCER_STORAGE_PATH",
       "./storage-path",
       [](auto& o) { return std::get<FsStorage>(o.modules.storage).path == "./storage-path"; }},
      {"SQL storage", "storage-sql", "--uri", "", "postgres://u:secret@db:5432/espresso",
       [](auto& o) { return sql(o).uri == "postgres://u:secret@db:5432/espresso"; }},
      {"SQL storage", "storage-sql", "--host", "ESPRESSO_SEQUENCER_POSTGRES_HOST", "db.example",
       [](auto& o) { return sql(o).host == "db.example"; }},
      {"SQL storage", "storage-sql", "--port", "ESPRESSO_SEQUENCER_POSTGRES_PORT", "5433",
       [](auto& o) { return sql(o).port == 5433; }},
      {"SQL storage", "storage-sql", "--database", "ESPRESSO_SEQUENCER_POSTGRES_DATABASE",
       "espresso", [](auto& o) { return sql(o).database == "espresso"; }},
      {"SQL storage", "storage-sql", "--user", "ESPRESSO_SEQUENCER_POSTGRES_USER", "root",
       [](auto& o) { return sql(o).user == "root"; }},
      {"SQL storage", "storage-sql", "--password", "ESPRESSO_SEQUENCER_POSTGRES_PASSWORD", "pw",
       [](auto& o) { return sql(o).password == "pw"; }},
      {"SQL storage", "storage-sql", "--use-tls", "ESPRESSO_SEQUENCER_POSTGRES_USE_TLS", "",
       [](auto& o) { return sql(o).use_tls; }},
      {"SQL storage", "storage-sql", "--prune", "ESPRESSO_SEQUENCER_POSTGRES_PRUNE", "",
       [](auto& o) { return sql(o).prune; }},
      {"SQL storage", "storage-sql", "--pruning-threshold",
       "ESPRESSO_SEQUENCER_PRUNER_PRUNING_THRESHOLD", "20000000000",
       [](auto& o) { return sql(o).pruning.pruning_threshold == 20'000'000'000u; }},
      {"SQL storage", "storage-sql", "--minimum-retention",
       "ESPRESSO_SEQUENCER_PRUNER_MINIMUM_RETENTION", "2h",
       [](auto& o) { return sql(o).pruning.minimum_retention == 2h; }},
      {"SQL storage", "storage-sql", "--target-retention",
       "ESPRESSO_SEQUENCER_PRUNER_TARGET_RETENTION", "14d",
       [](auto& o) { return sql(o).pruning.target_retention == 24h * 14; }},
      {"SQL storage", "storage-sql", "--batch-size", "ESPRESSO_SEQUENCER_PRUNER_BATCH_SIZE", "250",
       [](auto& o) { return sql(o).pruning.batch_size == 250u; }},
      {"SQL storage", "storage-sql", "--max-usage", "ESPRESSO_SEQUENCER_PRUNER_MAX_USAGE", "9000",
       [](auto& o) { return sql(o).pruning.max_usage == 9000; }},
      {"SQL storage", "storage-sql", "--interval", "ESPRESSO_SEQUENCER_PRUNER_INTERVAL", "30m",
       [](auto& o) { return sql(o).pruning.interval == 30min; }},
      {"SQL storage", "storage-sql", "--fetch-rate-limit", "ESPRESSO_SEQUENCER_FETCH_RATE_LIMIT",
       "25", [](auto& o) { return sql(o).fetch_rate_limit == 25u; }},
      {"SQL storage", "storage-sql", "--active-fetch-delay",
       "ESPRESSO_SEQUENCER_ACTIVE_FETCH_DELAY", "50ms",
       [](auto& o) { return sql(o).active_fetch_delay == 50ms; }},
      {"SQL storage", "storage-sql", "--chunk-fetch-delay", "ESPRESSO_SEQUENCER_CHUNK_FETCH_DELAY",
       "100ms", [](auto& o) { return sql(o).chunk_fetch_delay == 100ms; }},
  };
}

// The arguments that enable `module` (and what it needs) with `option_words` as its options.
Args module_words(std::string_view module, Args option_words, bool port_from_env = false) {
  Args words;
  if (module != "http") words = {"--", "http", "--port", "1"};
  words.push_back("--");
  words.emplace_back(module);
  words.insert(words.end(), option_words.begin(), option_words.end());
  const bool port_given = !option_words.empty() && option_words.front() == "--port";
  if (module == "http" && !port_given && !port_from_env) words.insert(words.end(), {"--port", "1"});
  if (module == "query") words.insert(words.end(), {"--", "storage-fs", "--path", "p"});
  return words;
}

Args pair_for(const SeedOption& option) {
  if (option.flag == "--latitude") return {"--longitude", "1"};
  if (option.flag == "--longitude") return {"--latitude", "1"};
  return {};
}

TEST_F(OptionsParserTest, EverySeedOptionIsInTheTableAndTheHelp) {
  const std::string top_help = sequencer_help_text();
  for (const SeedOption& option : seed_options()) {
    SCOPED_TRACE(std::string(option.section) + " " + std::string(option.flag));
    const std::string help =
        option.module.empty() ? top_help : module_help_text(option.module).value();
    EXPECT_TRUE(contains(help, std::string(option.flag) + " ") ||
                contains(help, std::string(option.flag) + "\n"));
    if (!option.env.empty()) {
      EXPECT_TRUE(contains(help, "env: " + std::string(option.env)));
    }
    const auto specs =
        option.module.empty() ? sequencer_option_specs() : find_module_spec(option.module)->options;
    const bool listed = std::any_of(specs.begin(), specs.end(), [&](const OptionSpec& spec) {
      return spec.flag == option.flag && spec.env == option.env;
    });
    EXPECT_TRUE(listed);
  }
  for (const ModuleSpec& module : sequencer_module_specs()) {
    EXPECT_TRUE(contains(top_help, "  " + std::string(module.name))) << module.name;
  }
}

// Beyond the seed's list: every row of the table (e.g. --archive) is in the help, with its
// variable, and no help line is wider than 100 columns.
TEST_F(OptionsParserTest, EveryTableRowIsInTheHelp) {
  const auto check = [](std::span<const OptionSpec> specs, const std::string& help) {
    for (const OptionSpec& spec : specs) {
      EXPECT_TRUE(contains(help, "  " + std::string(spec.flag))) << spec.flag;
      if (!spec.env.empty()) {
        EXPECT_TRUE(contains(help, "env: " + std::string(spec.env))) << spec.env;
      }
      if (!spec.default_text.empty()) {
        EXPECT_TRUE(contains(help, "default: " + std::string(spec.default_text))) << spec.flag;
      }
    }
    std::size_t line_start = 0;
    while (line_start < help.size()) {
      const std::size_t end = help.find('\n', line_start);
      const std::size_t length = (end == std::string::npos ? help.size() : end) - line_start;
      EXPECT_LE(length, 100u) << help.substr(line_start, length);
      if (end == std::string::npos) break;
      line_start = end + 1;
    }
  };
  check(sequencer_option_specs(), sequencer_help_text());
  for (const ModuleSpec& module : sequencer_module_specs()) {
    check(module.options, module_help_text(module.name).value());
  }
}

TEST_F(OptionsParserTest, EverySeedOptionParsesFromItsFlag) {
  for (const SeedOption& option : seed_options()) {
    SCOPED_TRACE(std::string(option.flag));
    Args words{std::string(option.flag)};
    if (!option.value.empty()) words.push_back(option.value);
    // Top level: the option (and its pair partner) after the required ones; module options
    // after their module's name.
    if (option.module.empty()) {
      for (const auto& extra : pair_for(option)) words.push_back(extra);
    }
    const Args args = option.module.empty() ? with_required(words, {}, option.flag)
                                            : with_required({}, module_words(option.module, words));
    auto parsed = parse_sequencer_options(args);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_TRUE(option.check(*parsed));
  }
}

TEST_F(OptionsParserTest, EverySeedVariableParsesFromTheEnvironment) {
  for (const SeedOption& option : seed_options()) {
    if (option.env.empty()) continue;  // --uri has no variable
    SCOPED_TRACE(std::string(option.env));
    ScopedEnv env(std::string(option.env), option.value.empty() ? "true" : option.value);
    Args args = option.module.empty()
                    ? with_required(pair_for(option), {}, option.flag)
                    : with_required({}, module_words(option.module, {},
                                                     option.env == "ESPRESSO_SEQUENCER_API_PORT"));
    auto parsed = parse_sequencer_options(args);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_TRUE(option.check(*parsed));
  }
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
