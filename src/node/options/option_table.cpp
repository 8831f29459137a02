#include "node/options/option_table.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "common/hex.hpp"
#include "common/units.hpp"
#include "crypto/key_encoding.hpp"
#include "network/address.hpp"
#include "node/options/option_values.hpp"

namespace espresso {
namespace {

template <typename T, typename Target>
Status store(Result<T> parsed, Target& target) {
  if (!parsed) return fail(std::move(parsed).error());
  target = std::move(*parsed);
  return {};
}

Result<std::string> nonempty_text(std::string_view text) {
  if (text.empty()) return fail("expected a non-empty value");
  return std::string(text);
}

Result<std::filesystem::path> path_value(std::string_view text) {
  if (text.empty()) return fail("expected a path, got \"\"");
  return std::filesystem::path(std::string(text));
}

Result<std::uint16_t> port_value(std::string_view text, std::uint64_t min) {
  auto value = parse_unsigned_in_range(text, min, 65535);
  if (!value) return fail(std::move(value).error());
  return static_cast<std::uint16_t>(*value);
}

Result<std::chrono::nanoseconds> duration_value(std::string_view text) {
  return parse_duration(text);
}

HttpModule& http(SequencerOptions& o) {
  return *o.modules.http;
}
FsStorage& fs(SequencerOptions& o) {
  return std::get<FsStorage>(o.modules.storage);
}
SqlStorage& sql(SequencerOptions& o) {
  return std::get<SqlStorage>(o.modules.storage);
}

constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 32;

// Seed guide: "Required parameters", "Optional parameters" and the identity variables.
const std::array kSequencerOptions = std::to_array<OptionSpec>({
    {"--l1-provider-url", "ESPRESSO_SEQUENCER_L1_PROVIDER", "URL", "",
     "JSON-RPC URL of the L1 provider (e.g. http://localhost:8545). Required by the guide; this node "
     "has no L1 client yet, so it is only recorded.",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_url_text(t, {"http", "https", "ws", "wss"}), o.l1_provider_url);
     }},
    {"--orchestrator-url", "ESPRESSO_SEQUENCER_ORCHESTRATOR_URL", "URL", "http://localhost:8080",
     "URL of the orchestrator that hands out the network configuration.", OptionKind::value, false,
     false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_web_url(t), o.orchestrator_url);
     }},
    {"--cdn-endpoint", "ESPRESSO_SEQUENCER_CDN_ENDPOINT", "HOST:PORT", "127.0.0.1:8081",
     "The CDN's entry point. Accepted for compatibility; nodes here connect directly over TCP + TLS.",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_host_port(t), o.cdn_endpoint);
     }},
    {"--state-relay-server-url", "ESPRESSO_STATE_RELAY_SERVER_URL", "URL", "http://localhost:8083",
     "URL of the state relay server.", OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_web_url(t), o.state_relay_server_url);
     }},
    {"--state-peers", "ESPRESSO_SEQUENCER_STATE_PEERS", "URL[,URL...]", "",
     "Comma-separated peer URLs to use for catchup (query services or your own nodes).",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_web_url_list(t), o.state_peers);
     }},
    {"--key-file", "ESPRESSO_SEQUENCER_KEY_FILE", "PATH", "",
     "Path to the .env file with the private signing keys (keygen's output). Required unless both "
     "--private-staking-key and --private-state-key are given.",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) { return store(path_value(t), o.key_file); }},
    {"--genesis-file", "ESPRESSO_SEQUENCER_GENESIS_FILE", "PATH", "",
     "Path to the genesis TOML file.", OptionKind::value, true, false,
     [](SequencerOptions& o, std::string_view t) { return store(path_value(t), o.genesis_file); }},
    {"--libp2p-bind-address", "ESPRESSO_SEQUENCER_LIBP2P_BIND_ADDRESS", "HOST:PORT", "0.0.0.0:1769",
     "Address to listen on for other nodes (we run TCP + TLS on it).", OptionKind::value, false,
     false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_host_port(t), o.libp2p_bind_address);
     }},
    {"--libp2p-advertise-address", "ESPRESSO_SEQUENCER_LIBP2P_ADVERTISE_ADDRESS", "HOST:PORT",
     "localhost:1769", "Address advertised to other nodes; must reach the bind address.",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_host_port(t), o.libp2p_advertise_address);
     }},
    {"--private-staking-key", "ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY", "BLS_SIGNING_KEY~...", "",
     "Private staking key for consensus messages; with --private-state-key it replaces --key-file.",
     OptionKind::value, false, true,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_bls_secret_key(t), o.private_staking_key);
     }},
    {"--private-state-key", "ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY", "SCHNORR_SIGNING_KEY~...", "",
     "Private key for signing finalized states; see --private-staking-key.", OptionKind::value,
     false, true,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_schnorr_secret_key(t), o.private_state_key);
     }},
    {"--builder-private-key", "ESPRESSO_SEQUENCER_BUILDER_PRIVATE_KEY", "0xHEX", "",
     "secp256k1 key of the in-node builder's fee account, which pays each block's base fee (fund "
     "it in the genesis [accounts] or by L1 deposit). Default: derived from the staking key; the "
     "node logs the account's address at start-up.",
     OptionKind::value, false, true,
     [](SequencerOptions& o, std::string_view t) {
       auto bytes = parse_hex_fixed<32>(t);
       if (!bytes) return Status(fail("expected 0x and 64 hex digits"));
       return store(EthPrivateKey::from_bytes(*bytes), o.builder_private_key);
     }},
    {"--is-da", "ESPRESSO_SEQUENCER_IS_DA", "", "false",
     "Register for and take part in the DA committee.", OptionKind::flag, false, false,
     [](SequencerOptions& o, std::string_view t) { return store(parse_bool_text(t), o.is_da); }},
    {"--l1-events-max-block-range", "ESPRESSO_SEQUENCER_L1_EVENTS_MAX_BLOCK_RANGE", "BLOCKS",
     "10000", "Maximum number of blocks in one eth_getLogs call to the L1 provider.",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_unsigned_in_range(t, 1, kMaxCount), o.l1_events_max_block_range);
     }},
    {"--libp2p-bootstrap-nodes", "ESPRESSO_SEQUENCER_LIBP2P_BOOTSTRAP_NODES", "MULTIADDR[,...]", "",
     "Comma-separated well-known peers in multiaddress form (/ip4/A/tcp/P/p2p/ID, /dns/H/...); "
     "overrides the orchestrator's and the saved peers.",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_bootstrap_nodes(t), o.libp2p_bootstrap_nodes);
     }},
    {"--node-name", "ESPRESSO_SEQUENCER_IDENTITY_NODE_NAME", "NAME", "",
     "Display name on the node validator dashboard (e.g. espresso-sequencer-01).", OptionKind::value,
     false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(nonempty_text(t), o.identity.node_name);
     }},
    {"--company-name", "ESPRESSO_SEQUENCER_IDENTITY_COMPANY_NAME", "NAME", "",
     "Operating organization's name for the dashboard.", OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(nonempty_text(t), o.identity.company_name);
     }},
    {"--company-website", "ESPRESSO_SEQUENCER_IDENTITY_COMPANY_WEBSITE", "URL", "",
     "Operating organization's homepage (e.g. https://www.espressosys.com).", OptionKind::value,
     false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_web_url(t), o.identity.company_website);
     }},
    {"--operating-system", "ESPRESSO_SEQUENCER_IDENTITY_OPERATING_SYSTEM", "TEXT", "",
     "Operating system name and version (default: `uname -sr`, e.g. Linux 5.15.0-101-generic).",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(nonempty_text(t), o.identity.operating_system);
     }},
    {"--node-type", "ESPRESSO_SEQUENCER_IDENTITY_NODE_TYPE", "TEXT", "",
     "Binary this node runs (default: this program's name and version).", OptionKind::value, false,
     false,
     [](SequencerOptions& o, std::string_view t) {
       return store(nonempty_text(t), o.identity.node_type);
     }},
    {"--network-type", "ESPRESSO_SEQUENCER_IDENTITY_NETWORK_TYPE", "TEXT", "",
     "Kind of network the node runs on: Residential, Hosted, AWS, GCP, Azure (+ zone).",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(nonempty_text(t), o.identity.network_type);
     }},
    {"--country-code", "ESPRESSO_SEQUENCER_IDENTITY_COUNTRY_CODE", "CC", "",
     "ISO 3166-1 alpha-2 country code of the node (e.g. US, DE).", OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_country_code(t), o.identity.country_code);
     }},
    {"--latitude", "ESPRESSO_SEQUENCER_IDENTITY_LATITUDE", "DEGREES", "",
     "Approximate latitude (e.g. 40.417300); give together with --longitude.", OptionKind::value,
     false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_decimal_in_range(t, -90, 90), o.identity.latitude);
     }},
    {"--longitude", "ESPRESSO_SEQUENCER_IDENTITY_LONGITUDE", "DEGREES", "",
     "Approximate longitude (e.g. -82.907100); give together with --latitude.", OptionKind::value,
     false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_decimal_in_range(t, -180, 180), o.identity.longitude);
     }},
});

// Seed guide "HTTP".
const std::array kHttpOptions = std::to_array<OptionSpec>({
    {"--port", "ESPRESSO_SEQUENCER_API_PORT", "PORT", "",
     "Port of the HTTP API (0: any free port).", OptionKind::value, true, false,
     [](SequencerOptions& o, std::string_view t) { return store(port_value(t, 0), http(o).port); }},
    {"--max-connections", "ESPRESSO_SEQUENCER_MAX_CONNECTIONS", "COUNT", "100",
     "Maximum number of concurrent HTTP connections.", OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_unsigned_in_range(t, 1, 1'000'000), http(o).max_connections);
     }},
});

// Seed guide "Query".
const std::array kQueryOptions = std::to_array<OptionSpec>({
    {"--peers", "ESPRESSO_SEQUENCER_API_PEERS", "URL[,URL...]", "",
     "Comma-separated peer query service URLs to fetch missing data from.", OptionKind::value,
     false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_web_url_list(t), o.modules.query->peers);
     }},
});

// Seed guide "Filesystem Storage".
const std::array kFsStorageOptions = std::to_array<OptionSpec>({
    {"--path", "ESPRESSO_SEQUENCER_STORAGE_PATH", "PATH", "", "Storage path for persistent data.",
     OptionKind::value, true, false,
     [](SequencerOptions& o, std::string_view t) { return store(path_value(t), fs(o).path); }},
});

// Seed guide "SQL storage" (and upstream persistence/sql.rs for --archive).
const std::array kSqlStorageOptions = std::to_array<OptionSpec>({
    {"--uri", "", "URI", "",
     "postgres[ql]://[user[:password]@][host[:port],]/database[?parameters]; the options below "
     "override its parts.",
     OptionKind::value, false, true,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_url_text(t, {"postgres", "postgresql"}), sql(o).uri);
     }},
    {"--host", "ESPRESSO_SEQUENCER_POSTGRES_HOST", "HOST", "", "Host of the Postgres server.",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) { return store(nonempty_text(t), sql(o).host); }},
    {"--port", "ESPRESSO_SEQUENCER_POSTGRES_PORT", "PORT", "", "Port of the Postgres server.",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) { return store(port_value(t, 1), sql(o).port); }},
    {"--database", "ESPRESSO_SEQUENCER_POSTGRES_DATABASE", "NAME", "", "Database to connect to.",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(nonempty_text(t), sql(o).database);
     }},
    {"--user", "ESPRESSO_SEQUENCER_POSTGRES_USER", "USER", "", "Postgres user to connect as.",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) { return store(nonempty_text(t), sql(o).user); }},
    {"--password", "ESPRESSO_SEQUENCER_POSTGRES_PASSWORD", "PASSWORD", "",
     "Password of the Postgres user.", OptionKind::value, false, true,
     [](SequencerOptions& o, std::string_view t) {
       return store(Result<std::string>(std::string(t)), sql(o).password);
     }},
    {"--use-tls", "ESPRESSO_SEQUENCER_POSTGRES_USE_TLS", "", "false",
     "Use TLS for the database connection.", OptionKind::flag, false, false,
     [](SequencerOptions& o, std::string_view t) { return store(parse_bool_text(t), sql(o).use_tls); }},
    {"--prune", "ESPRESSO_SEQUENCER_POSTGRES_PRUNE", "", "false",
     "Prune historical data (a DA node) with the pruner parameters below.", OptionKind::flag, false,
     false,
     [](SequencerOptions& o, std::string_view t) { return store(parse_bool_text(t), sql(o).prune); }},
    {"--pruning-threshold", "ESPRESSO_SEQUENCER_PRUNER_PRUNING_THRESHOLD", "BYTES", "3TB",
     "Storage usage above which data younger than the target retention is pruned (down to the "
     "minimum retention).",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_byte_size(t), sql(o).pruning.pruning_threshold);
     }},
    {"--minimum-retention", "ESPRESSO_SEQUENCER_PRUNER_MINIMUM_RETENTION", "DURATION", "1d",
     "Minimum time data is kept, regardless of storage usage.", OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(duration_value(t), sql(o).pruning.minimum_retention);
     }},
    {"--target-retention", "ESPRESSO_SEQUENCER_PRUNER_TARGET_RETENTION", "DURATION", "7d",
     "Time data is kept when storage permits.", OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(duration_value(t), sql(o).pruning.target_retention);
     }},
    {"--batch-size", "ESPRESSO_SEQUENCER_PRUNER_BATCH_SIZE", "COUNT", "1000",
     "Number of objects deleted at once when pruning.", OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_unsigned_in_range(t, 1, kMaxCount), sql(o).pruning.batch_size);
     }},
    {"--max-usage", "ESPRESSO_SEQUENCER_PRUNER_MAX_USAGE", "BASIS_POINTS", "8000",
     "Fraction of the pruning threshold to prune back to, from 1 to 10000 (8000 = 80%).",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       auto value = parse_unsigned_in_range(t, 1, 10000);
       if (!value) return Status(fail(std::move(value).error()));
       sql(o).pruning.max_usage = static_cast<std::uint16_t>(*value);
       return Status{};
     }},
    {"--interval", "ESPRESSO_SEQUENCER_PRUNER_INTERVAL", "DURATION", "1h",
     "Interval between pruner runs.", OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(duration_value(t), sql(o).pruning.interval);
     }},
    {"--fetch-rate-limit", "ESPRESSO_SEQUENCER_FETCH_RATE_LIMIT", "COUNT", "",
     "Maximum simultaneous chunk downloads when fetching missing blocks from peers "
     "(default 4).",
     OptionKind::value, false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(parse_unsigned_in_range(t, 1, kMaxCount), sql(o).fetch_rate_limit);
     }},
    {"--active-fetch-delay", "ESPRESSO_SEQUENCER_ACTIVE_FETCH_DELAY", "DURATION", "",
     "Minimum delay between requests to another node when syncing (e.g. 50ms).", OptionKind::value,
     false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(duration_value(t), sql(o).active_fetch_delay);
     }},
    {"--chunk-fetch-delay", "ESPRESSO_SEQUENCER_CHUNK_FETCH_DELAY", "DURATION", "",
     "Minimum delay between loading chunks of a sequential stream (e.g. 100ms).", OptionKind::value,
     false, false,
     [](SequencerOptions& o, std::string_view t) {
       return store(duration_value(t), sql(o).chunk_fetch_delay);
     }},
    {"--archive", "ESPRESSO_SEQUENCER_ARCHIVE", "", "false",
     "Run without pruning and refetch data pruned earlier (conflicts with --prune).",
     OptionKind::flag, false, false,
     [](SequencerOptions& o, std::string_view t) { return store(parse_bool_text(t), sql(o).archive); }},
});

const std::array kModules = std::to_array<ModuleSpec>({
    {"http", "",
     "HTTP server with healthcheck and version endpoints; the API modules below extend it.",
     [](SequencerOptions& o) { o.modules.http.emplace(); }, kHttpOptions},
    {"status",
     "",
     "Telemetry and consensus metrics (/status/metrics for Prometheus). Needs http.",
     [](SequencerOptions& o) { o.modules.status = true; },
     {}},
    {"catchup",
     "",
     "Serves pending consensus state to nodes that fell behind. Needs http.",
     [](SequencerOptions& o) { o.modules.catchup = true; },
     {}},
    {"config",
     "",
     "Node configuration: /config/hotshot and /config/env. Needs http.",
     [](SequencerOptions& o) { o.modules.config = true; },
     {}},
    {"query", "", "Query service over the persistent store. Needs http and a storage module.",
     [](SequencerOptions& o) { o.modules.query.emplace(); }, kQueryOptions},
    {"storage-fs", "storage", "Local storage for the query service and consensus state.",
     [](SequencerOptions& o) { o.modules.storage = FsStorage{}; }, kFsStorageOptions},
    {"storage-sql", "", "PostgreSQL storage for the query service and consensus state.",
     [](SequencerOptions& o) { o.modules.storage = SqlStorage{}; }, kSqlStorageOptions},
    {"submit",
     "",
     "POST endpoint to submit transactions for sequencing. Needs http.",
     [](SequencerOptions& o) { o.modules.submit = true; },
     {}},
});

}  // namespace

std::span<const OptionSpec> sequencer_option_specs() {
  return kSequencerOptions;
}

std::span<const ModuleSpec> sequencer_module_specs() {
  return kModules;
}

const ModuleSpec* find_module_spec(std::string_view name) {
  const auto it = std::find_if(kModules.begin(), kModules.end(), [&](const ModuleSpec& module) {
    return module.name == name || (!module.alias.empty() && module.alias == name);
  });
  return it == kModules.end() ? nullptr : &*it;
}

}  // namespace espresso
