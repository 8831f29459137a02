// Every option of the seed guide's tables parses from its flag and from its variable, and is
// in the help text.
#include <functional>

#include <gtest/gtest.h>

#include "node/options/options_test_support.hpp"

namespace espresso {
namespace {

using namespace std::chrono_literals;
using namespace options_test;

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

}  // namespace
}  // namespace espresso
