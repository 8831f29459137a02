#pragma once
// Everything the operator configures a sequencer node with: the options and environment variables
// of the seed operator guide ("Required parameters", "Optional parameters", identity variables)
// and its optional modules (`sequencer [options] -- http --port P -- status -- query -- storage-fs
// --path P | storage-sql ...`). A plain value: parse_sequencer_options (options_parser.hpp) fills
// it from the command line and the environment; the runtime reads it.
//
// Defaults follow upstream's sequencer/src/options.rs where the guide gives none (orchestrator
// http://localhost:8080, CDN 127.0.0.1:8081, libp2p 0.0.0.0:1769 / localhost:1769) and upstream's
// sequencer/src/persistence/sql.rs for the pruner (3 TB, 1 d, 7 d, 1000, 80 %, 1 h).
//
// Deviations from the guide, on purpose:
// - `--l1-provider-url` is listed as required, but this node has no L1 client yet (DESIGN.md §4,
//   l1/ layer planned), so it is optional here and kept as text.
// - `--cdn-endpoint` and `--state-relay-server-url` are accepted and kept; we have no CDN (the
//   transport is direct TCP + TLS between nodes) and no state relay yet.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "crypto/bls.hpp"
#include "crypto/ethereum.hpp"
#include "crypto/schnorr.hpp"
#include "network/address.hpp"

namespace espresso {

// --- Modules (seed guide "Optional modules") ---

// `-- http`: ESPRESSO_SEQUENCER_API_PORT / --port, ESPRESSO_SEQUENCER_MAX_CONNECTIONS /
// --max-connections.
struct HttpModule {
  std::uint16_t port = 0;  // required when the module is given
  std::size_t max_connections = 100;
  friend bool operator==(const HttpModule&, const HttpModule&) = default;
};

// `-- query`: ESPRESSO_SEQUENCER_API_PEERS / --peers (comma-separated query service URLs).
struct QueryModule {
  std::vector<std::string> peers;
  friend bool operator==(const QueryModule&, const QueryModule&) = default;
};

// `-- storage-fs` (alias `-- storage`): ESPRESSO_SEQUENCER_STORAGE_PATH / --path.
struct FsStorage {
  std::filesystem::path path;  // required when the module is given
  friend bool operator==(const FsStorage&, const FsStorage&) = default;
};

// Pruner parameters of `-- storage-sql` (used when `prune` is set).
struct PruningOptions {
  // ESPRESSO_SEQUENCER_PRUNER_PRUNING_THRESHOLD / --pruning-threshold, bytes (plain number or a
  // byte size such as "3TB").
  std::uint64_t pruning_threshold = 3'000'000'000'000;
  // ESPRESSO_SEQUENCER_PRUNER_MINIMUM_RETENTION / --minimum-retention ("1d").
  std::chrono::nanoseconds minimum_retention = std::chrono::hours(24);
  // ESPRESSO_SEQUENCER_PRUNER_TARGET_RETENTION / --target-retention ("7d").
  std::chrono::nanoseconds target_retention = std::chrono::hours(24 * 7);
  // ESPRESSO_SEQUENCER_PRUNER_BATCH_SIZE / --batch-size: objects deleted at once.
  std::uint64_t batch_size = 1000;
  // ESPRESSO_SEQUENCER_PRUNER_MAX_USAGE / --max-usage: fraction of the threshold to prune back
  // to, in basis points (1..10000).
  std::uint16_t max_usage = 8000;
  // ESPRESSO_SEQUENCER_PRUNER_INTERVAL / --interval.
  std::chrono::nanoseconds interval = std::chrono::hours(1);
  friend bool operator==(const PruningOptions&, const PruningOptions&) = default;
};

// `-- storage-sql`: PostgreSQL. `uri` (no env variable) sets a baseline that the other options
// override: postgres[ql]://[user[:password]@][host[:port],]/database[?parameters].
struct SqlStorage {
  std::optional<std::string> uri;       // --uri (may hold a password: never log it)
  std::optional<std::string> host;      // ESPRESSO_SEQUENCER_POSTGRES_HOST / --host
  std::optional<std::uint16_t> port;    // ESPRESSO_SEQUENCER_POSTGRES_PORT / --port
  std::optional<std::string> database;  // ESPRESSO_SEQUENCER_POSTGRES_DATABASE / --database
  std::optional<std::string> user;      // ESPRESSO_SEQUENCER_POSTGRES_USER / --user
  std::optional<std::string>
      password;          // ESPRESSO_SEQUENCER_POSTGRES_PASSWORD / --password (secret)
  bool use_tls = false;  // ESPRESSO_SEQUENCER_POSTGRES_USE_TLS / --use-tls
  bool prune = false;    // ESPRESSO_SEQUENCER_POSTGRES_PRUNE / --prune
  PruningOptions pruning;
  // ESPRESSO_SEQUENCER_FETCH_RATE_LIMIT / --fetch-rate-limit: simultaneous fetches from peers.
  std::optional<std::size_t> fetch_rate_limit;
  // ESPRESSO_SEQUENCER_ACTIVE_FETCH_DELAY / --active-fetch-delay ("50ms").
  std::optional<std::chrono::nanoseconds> active_fetch_delay;
  // ESPRESSO_SEQUENCER_CHUNK_FETCH_DELAY / --chunk-fetch-delay ("100ms").
  std::optional<std::chrono::nanoseconds> chunk_fetch_delay;
  // ESPRESSO_SEQUENCER_ARCHIVE / --archive: run without pruning and refetch pruned data (upstream
  // sql.rs; conflicts with `prune`).
  bool archive = false;
  friend bool operator==(const SqlStorage&, const SqlStorage&) = default;
};

// No storage module: the default embedded store (SQLite) in a location the runtime chooses
// (DESIGN.md §6).
using StorageModule = std::variant<std::monostate, FsStorage, SqlStorage>;

struct SequencerModules {
  std::optional<HttpModule> http;
  bool status = false;               // `-- status` (needs http)
  bool submit = false;               // `-- submit` (needs http)
  bool config = false;               // `-- config` (needs http)
  bool catchup = false;              // `-- catchup` (needs http)
  std::optional<QueryModule> query;  // `-- query` (needs http and a storage module)
  StorageModule storage;
  friend bool operator==(const SequencerModules&, const SequencerModules&) = default;
};

// --- Identity (seed guide: ESPRESSO_SEQUENCER_IDENTITY_*, for the node validator dashboard) ---
struct NodeIdentity {
  std::optional<std::string> node_name;        // --node-name
  std::optional<std::string> company_name;     // --company-name
  std::optional<std::string> company_website;  // --company-website (URL)
  std::string operating_system;                // --operating-system (default: `uname -sr`)
  std::string node_type;                       // --node-type (default: this binary and version)
  std::optional<std::string> network_type;     // --network-type ("Hosted", "AWS us-west-2", ...)
  std::optional<std::string> country_code;     // --country-code (ISO 3166 alpha-2, "US")
  std::optional<double> latitude;              // --latitude, -90..90, only with longitude
  std::optional<double> longitude;             // --longitude, -180..180, only with latitude
  friend bool operator==(const NodeIdentity&, const NodeIdentity&) = default;
};

struct SequencerOptions {
  // --- Required parameters ---
  // ESPRESSO_SEQUENCER_L1_PROVIDER / --l1-provider-url (see the deviation note above).
  std::optional<std::string> l1_provider_url;
  // ESPRESSO_SEQUENCER_ORCHESTRATOR_URL / --orchestrator-url.
  std::string orchestrator_url = "http://localhost:8080";
  // ESPRESSO_SEQUENCER_CDN_ENDPOINT / --cdn-endpoint (host:port).
  HostPort cdn_endpoint{"127.0.0.1", 8081};
  // ESPRESSO_STATE_RELAY_SERVER_URL / --state-relay-server-url.
  std::string state_relay_server_url = "http://localhost:8083";
  // ESPRESSO_SEQUENCER_STATE_PEERS / --state-peers (comma-separated URLs for catch-up).
  std::vector<std::string> state_peers;
  // ESPRESSO_SEQUENCER_KEY_FILE / --key-file. Required unless both private keys below are given,
  // which then replace it.
  std::optional<std::filesystem::path> key_file;
  // ESPRESSO_SEQUENCER_GENESIS_FILE / --genesis-file (required).
  std::filesystem::path genesis_file;
  // ESPRESSO_SEQUENCER_LIBP2P_BIND_ADDRESS / --libp2p-bind-address (host:port; we run TCP there).
  HostPort libp2p_bind_address{"0.0.0.0", 1769};
  // ESPRESSO_SEQUENCER_LIBP2P_ADVERTISE_ADDRESS / --libp2p-advertise-address (host:port).
  HostPort libp2p_advertise_address{"localhost", 1769};

  // --- Optional parameters ---
  // ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY / --private-staking-key (BLS_SIGNING_KEY~...).
  std::optional<BlsSecretKey> private_staking_key;
  // ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY / --private-state-key (SCHNORR_SIGNING_KEY~...).
  std::optional<SchnorrSecretKey> private_state_key;
  // ESPRESSO_SEQUENCER_BUILDER_PRIVATE_KEY / --builder-private-key (0x + 64 hex digits): the
  // secp256k1 key of the in-node builder's fee account (issue #5); unset: derived from the staking
  // key.
  std::optional<EthPrivateKey> builder_private_key;
  // ESPRESSO_SEQUENCER_IS_DA / --is-da.
  bool is_da = false;
  // ESPRESSO_SEQUENCER_L1_EVENTS_MAX_BLOCK_RANGE / --l1-events-max-block-range.
  std::uint64_t l1_events_max_block_range = 10000;
  // ESPRESSO_SEQUENCER_LIBP2P_BOOTSTRAP_NODES / --libp2p-bootstrap-nodes (multiaddresses); when
  // given, overrides the orchestrator's and the saved peers.
  std::optional<std::vector<BootstrapAddress>> libp2p_bootstrap_nodes;
  NodeIdentity identity;

  SequencerModules modules;
};

}  // namespace espresso
