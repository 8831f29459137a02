#include "node/runtime/sequencer_node.hpp"

#include <chrono>
#include <string>
#include <utility>  // before Asio (DESIGN.md §3)

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>
#include <prometheus/registry.h>
#include <spdlog/spdlog.h>

#include "api/catchup/catchup_module.hpp"
#include "api/config_module.hpp"
#include "api/http_server.hpp"
#include "api/status_module.hpp"
#include "api/submit_module.hpp"
#include "common/hash.hpp"
#include "consensus/avid_vid.hpp"
#include "consensus/bls_signatures.hpp"
#include "crypto/key_encoding.hpp"
#include "genesis/genesis.hpp"
#include "node/chain/chain_genesis.hpp"
#include "node/chain/mempool_transaction.hpp"
#include "node/chain/node_chain.hpp"
#include "node/fetch/fetch_options.hpp"
#include "node/options/node_keys.hpp"
#include "node/query/query_service.hpp"
#include "node/runtime/chain_decide_listener.hpp"
#include "node/runtime/decided_block_log.hpp"
#include "node/runtime/runtime_transaction_sink.hpp"
#include "node/runtime/saved_network.hpp"
#include "storage/consensus_store.hpp"
#include "storage/postgres.hpp"

namespace espresso {

namespace {

// The system clock, for time-based upgrade windows.
class SystemWallClock final : public consensus::WallClock {
 public:
  std::uint64_t now_unix_seconds() const override {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  }
};

consensus::Version consensus_version(const ProtocolVersion& version) {
  return consensus::Version{version.major, version.minor};
}

// The genesis [[upgrade]] whose version is upgrade_version, as the replica's upgrade window.
std::optional<consensus::UpgradeConfig> upgrade_from(const Genesis& genesis) {
  if (genesis.upgrade_version <= genesis.base_version) return std::nullopt;
  const consensus::Version from = consensus_version(genesis.base_version);
  const consensus::Version to = consensus_version(genesis.upgrade_version);
  constexpr consensus::ViewNumber kActivationOffset = 5;
  for (const Upgrade& upgrade : genesis.upgrades) {
    if (upgrade.version != genesis.upgrade_version) continue;
    if (const auto* view = std::get_if<ViewBasedUpgrade>(&upgrade.mode)) {
      return consensus::UpgradeConfig::view_based(
          from, to, view->start_proposing_view, view->stop_proposing_view, view->start_voting_view,
          view->stop_voting_view, kActivationOffset);
    }
    const auto& time = std::get<TimeBasedUpgrade>(upgrade.mode);
    return consensus::UpgradeConfig::time_based(from, to, time.start_proposing_time,
                                                time.stop_proposing_time, time.start_voting_time,
                                                time.stop_voting_time, kActivationOffset);
  }
  return std::nullopt;
}

// Peers to back-fill missing blocks from: --peers / --state-peers, else the other nodes' HTTP
// APIs as registered with the orchestrator.
fetch::FetchOptions backfill_options(const SequencerOptions& options, const NetworkConfig& network,
                                     consensus::NodeIndex self) {
  fetch::FetchOptions fetch = fetch::fetch_options_from(options);
  if (fetch.peers.empty()) {
    for (const NodeConfig& node : network.nodes) {
      if (node.index != self && node.http_url) fetch.peers.push_back(*node.http_url);
    }
  }
  if (fetch.peers.empty()) {
    spdlog::warn(
        "no peers to fetch missing blocks from (--state-peers, -- query --peers): "
        "blocks decided while this node was down stay missing");
  } else {
    spdlog::info("missing blocks are fetched from {} peers", fetch.peers.size());
  }
  return fetch;
}

}  // namespace

struct SequencerNode::Parts {
  std::optional<NodeKeys> keys;
  NetworkConfig network;
  consensus::NodeIndex self = 0;
  std::unique_ptr<StakeTableKeys> table_keys;
  std::unique_ptr<consensus::StakeTable> table;
  std::unique_ptr<consensus::Signer> signer;
  std::unique_ptr<consensus::SignatureVerifier> verifier;
  std::unique_ptr<consensus::VidScheme> vid;
  std::unique_ptr<storage::ConsensusStore> store;
  std::unique_ptr<NodeChain> chain;
  std::unique_ptr<ChainDecideListener> chain_listener;
  DecidedBlockLog block_log;
  std::unique_ptr<Transport> transport;
  prometheus::Registry registry;
  std::unique_ptr<NodeMetrics> metrics;
  std::unique_ptr<NodeRuntime> runtime;
  std::unique_ptr<RuntimeTransactionSink> sink;
  std::unique_ptr<node_query::QueryService> query;
  consensus::Version base_version;                  // genesis base_version
  std::optional<consensus::UpgradeConfig> upgrade;  // the genesis [[upgrade]] to upgrade_version
  SystemWallClock clock;
  std::unique_ptr<HttpServer> http;
};

std::filesystem::path storage_path(const SequencerOptions& options) {
  if (const auto* fs = std::get_if<FsStorage>(&options.modules.storage)) return fs->path;
  return std::filesystem::path(kDefaultStorageFolder);
}

namespace {

// The builder's fee account key, derived from the staking key so that an operator configures one
// key (a chain with a base fee must fund this account in the genesis file; `keygen` prints it).
Result<EthPrivateKey> builder_fee_key(const BlsSecretKey& staking) {
  Bytes input = to_bytes(as_bytes(std::string_view("espresso/builder-fee-key/v1")));
  const auto secret = staking.to_bytes();
  input.insert(input.end(), secret.begin(), secret.end());
  return EthPrivateKey::from_bytes(sha256(input));
}

// The network from the storage path when saved there, else from `join` (then saved).
Result<NetworkConfig> network_for(const SequencerOptions& options, const NodeKeys& keys,
                                  const std::filesystem::path& storage, const JoinNetwork& join) {
  const auto saved_path = saved_network_path(storage);
  auto saved = load_network_config(saved_path);
  if (!saved) return fail(saved.error());
  if (*saved) {
    spdlog::info("using the saved network config {} ({} nodes); not contacting the orchestrator",
                 saved_path.string(), (*saved)->nodes.size());
    return std::move(**saved);
  }
  if (!join) return fail("no saved network config at " + saved_path.string());
  auto joined = join(options, keys);
  if (!joined) return fail(joined.error().context("joining the network"));
  ESEQ_TRY_STATUS(save_network_config(saved_path, *joined));
  return std::move(*joined);
}

Result<std::unique_ptr<storage::ConsensusStore>> open_consensus_store(
    const SequencerOptions& options, const std::filesystem::path& storage) {
  if (const auto* sql = std::get_if<SqlStorage>(&options.modules.storage)) {
    storage::PostgresConfig config;
    if (sql->uri) {
      auto parsed = storage::PostgresConfig::from_uri(*sql->uri);
      if (!parsed) return fail(parsed.error().context("--uri"));
      config = *parsed;
    }
    if (sql->host) config.host = *sql->host;
    if (sql->port) config.port = *sql->port;
    if (sql->database) config.database = *sql->database;
    if (sql->user) config.user = *sql->user;
    if (sql->password) config.password = *sql->password;
    config.use_tls = config.use_tls || sql->use_tls;
    return storage::make_postgres_consensus_store(config);
  }
  return storage::make_sqlite_consensus_store((storage / "consensus.sqlite").string());
}

// config/hotshot: the network config (public keys and parameters only) and who we are.
nlohmann::json hotshot_config(const NetworkConfig& network, consensus::NodeIndex self) {
  auto json = to_json(network);
  json["node_index"] = self;
  return json;
}

Status build_stake_table(SequencerNode::Parts& p) {
  std::vector<StakeTableEntry> entries;
  std::vector<consensus::StakeEntry> weights;
  for (const auto& member : p.network.nodes) {
    entries.push_back(
        StakeTableEntry{member.staking_key, member.stake, member.proof_of_possession});
    weights.push_back(consensus::StakeEntry{member.stake, member.da});
  }
  auto keys = StakeTableKeys::create(entries);
  if (!keys) return fail(keys.error().context("network config stake table"));
  auto table = consensus::StakeTable::create(weights);
  if (!table) return fail(table.error().context("network config stake table"));
  p.table_keys = std::make_unique<StakeTableKeys>(std::move(*keys));
  p.table = std::make_unique<consensus::StakeTable>(std::move(*table));
  return {};
}

// The chain adapter, from genesis or, after a restart, from the saved state of the last decided
// leaf (with the undecided proposals the replica reloads).
Status build_chain(SequencerNode::Parts& p, const SequencerOptions& options,
                   const std::filesystem::path& storage) {
  auto genesis = load_genesis_file(options.genesis_file);
  if (!genesis) return fail(genesis.error().context("--genesis-file"));
  p.base_version = consensus_version(genesis->base_version);
  p.upgrade = upgrade_from(*genesis);
  if (genesis->upgrade_version > genesis->base_version && !p.upgrade) {
    spdlog::warn("genesis: upgrade_version {} has no [[upgrade]] section; no upgrade will happen",
                 genesis->upgrade_version.to_string());
  }
  const auto empty_payload = p.vid->commit({}, p.network.nodes.size());
  auto block = genesis_block(*genesis, empty_payload);
  if (!block) return fail(block.error().context("genesis"));
  auto fee_key = options.builder_private_key ? Result<EthPrivateKey>(*options.builder_private_key)
                                             : builder_fee_key(p.keys->staking);
  if (!fee_key) return fail(fee_key.error().context("builder fee key"));
  spdlog::info("builder fee account {}{}", fee_key->address().to_checksum_hex(),
               options.builder_private_key ? "" : " (derived from the staking key)");
  auto persisted = p.store->load();
  if (!persisted) return fail(persisted.error().context("consensus store"));
  const auto state_file = decided_state_path(storage);
  auto start = chain_start_for(persisted->last_decided, state_file, *block);
  if (!start) {
    spdlog::error(
        "chain: cannot resume from decided height {} ({}); starting the chain state "
        "from genesis: this node cannot validate blocks until it catches up",
        persisted->last_decided.height, start.error().message);
    start = genesis_start(std::move(*block));
  }
  p.chain = std::make_unique<NodeChain>(std::move(*start), *fee_key);
  std::vector<consensus::Leaf> undecided;
  for (const auto& proposal : persisted->undecided) undecided.push_back(proposal.leaf);
  p.chain->adopt(std::move(undecided));
  p.chain_listener = std::make_unique<ChainDecideListener>(*p.chain, state_file);
  return {};
}

Status start_transport(SequencerNode::Parts& p, boost::asio::io_context& io,
                       const SequencerOptions& options) {
  std::vector<BlsPublicKey> members;
  for (const auto& member : p.network.nodes) members.push_back(member.staking_key);
  TransportConfig config{p.keys->staking, members};
  config.bind_address = options.libp2p_bind_address;
  auto transport = Transport::create(io, std::move(config));
  if (!transport) return fail(transport.error().context("transport"));
  p.transport = std::move(*transport);
  if (options.libp2p_bootstrap_nodes) {
    for (const auto& node : *options.libp2p_bootstrap_nodes) {
      p.transport->add_peer(PeerEndpoint{node.address, std::nullopt});
    }
  } else {
    for (std::size_t i = 0; i < p.network.nodes.size(); ++i) {
      if (i == p.self) continue;
      const auto& member = p.network.nodes[i];
      p.transport->add_peer(PeerEndpoint{member.p2p_address, member.staking_key});
    }
  }
  return {};
}

// The largest transaction payload any block can hold: alone in a block it also takes the block's
// 4-byte namespace count, its namespace's 8-byte table entry and 4-byte transaction count, and
// its 4-byte end offset (block size as build_payload counts it, after upstream). A larger one could
// never be sequenced, so it is refused at submit (413) instead of waiting in the mempool forever.
std::size_t largest_transaction_payload(const NodeChain& chain) {
  const std::uint64_t max_block_size =
      chain.leaf_states().highest().state.chain_config.max_block_size;
  constexpr std::uint64_t kNamespaceOverhead = 20;
  return max_block_size > kNamespaceOverhead
             ? static_cast<std::size_t>(max_block_size - kNamespaceOverhead)
             : 0;
}

Status start_http(SequencerNode::Parts& p, boost::asio::io_context& io,
                  const SequencerOptions& options) {
  const auto& modules = options.modules;
  if (!modules.http) return {};
  Router router;
  if (modules.status) {
    ESEQ_TRY_STATUS(register_status_routes(router, *p.runtime, p.registry));
  }
  if (modules.submit) {
    p.sink = std::make_unique<RuntimeTransactionSink>(*p.runtime);
    SubmitLimits limits;
    limits.max_payload_bytes =
        std::min(limits.max_payload_bytes, largest_transaction_payload(*p.chain));
    ESEQ_TRY_STATUS(register_submit_routes(router, *p.sink, limits));
  }
  if (modules.config) {
    ESEQ_TRY_STATUS(
        register_config_routes(router, hotshot_config(p.network, p.self), process_environment()));
  }
  if (modules.catchup) {
    ESEQ_TRY_STATUS(register_catchup_routes(router, p.chain->chain_state()));
  }
  HttpServerOptions http;
  if (modules.query) {
    ESEQ_TRY_STATUS(p.query->register_routes(router));
    http.streams = p.query->stream_resolver();
  }
  http.port = modules.http->port;
  http.max_connections = modules.http->max_connections;
  // Room for a block's worth of transactions in base64 JSON, twice (batches carry per-item
  // overhead), so the submit module's own limits are the ones a client meets.
  const std::size_t block_as_base64 = (largest_transaction_payload(*p.chain) + 2) / 3 * 4;
  http.body_limit = std::max(http.body_limit, 2 * block_as_base64 + (64 << 10));
  auto server = HttpServer::start(io, http, std::move(router));
  if (!server) return fail(server.error().context("http"));
  p.http = std::move(*server);
  return {};
}

}  // namespace

Result<std::unique_ptr<SequencerNode>> SequencerNode::create(boost::asio::io_context& io,
                                                             const SequencerOptions& options,
                                                             const JoinNetwork& join) {
  auto p = std::make_unique<Parts>();
  auto keys = resolve_node_keys(options);
  if (!keys) return fail(keys.error().context("keys"));
  p->keys = std::move(*keys);

  const auto storage = storage_path(options);
  std::error_code error;
  std::filesystem::create_directories(storage, error);
  if (error) {
    return fail("storage path \"" + storage.string() + "\": cannot create it: " + error.message());
  }
  auto network = network_for(options, *p->keys, storage, join);
  if (!network) return fail(network.error());
  p->network = std::move(*network);
  const auto self = p->network.index_of(p->keys->staking.public_key());
  if (!self) {
    return fail("this node's staking key " + to_tagged_base64(p->keys->staking.public_key()) +
                " is not in the network config's stake table");
  }
  p->self = static_cast<consensus::NodeIndex>(*self);

  ESEQ_TRY_STATUS(build_stake_table(*p));
  p->signer = consensus::make_bls_signer(p->self, p->keys->staking);
  p->verifier = consensus::make_bls_verifier(*p->table_keys);
  std::vector<std::uint64_t> weights;
  for (const auto& member : p->network.nodes) weights.push_back(member.stake);
  p->vid = consensus::make_avid_vid(weights);
  auto store = open_consensus_store(options, storage);
  if (!store) return fail(store.error().context("consensus store"));
  p->store = std::move(*store);
  ESEQ_TRY_STATUS(build_chain(*p, options, storage));
  ESEQ_TRY_STATUS(start_transport(*p, io, options));
  p->metrics = std::make_unique<NodeMetrics>(p->registry);

  NodeRuntimeConfig config;
  config.self = p->self;
  config.replica.view_timeout_ms =
      static_cast<std::uint64_t>(p->network.parameters.view_timeout.count());
  config.replica.limits.max_payload_bytes = p->network.parameters.max_block_size;
  config.replica.mempool = consensus::mempool_limits_for_blocks(
      p->network.parameters.max_block_size, config.replica.limits.max_block_transactions,
      config.replica.mempool);
  // Gossiped transactions too: nothing that can never fit a block enters the mempool (its
  // encoding adds the namespace and the payload length, 8 bytes each).
  config.replica.mempool.max_transaction_bytes = std::min(
      config.replica.mempool.max_transaction_bytes, largest_transaction_payload(*p->chain) + 16);
  config.replica.transaction_commitment = &mempool_transaction_commitment;
  config.replica.version = p->base_version;
  config.replica.upgrade = p->upgrade;
  auto runtime = NodeRuntime::create(
      config, NodeRuntimeParts{io, *p->transport, *p->table_keys,
                               consensus::ReplicaContext{*p->table, *p->signer, *p->verifier,
                                                         p->chain->builder(), p->chain->validator(),
                                                         *p->vid, &p->clock},
                               *p->store, p->metrics.get()});
  if (!runtime) return fail(runtime.error());
  p->runtime = std::move(*runtime);
  p->runtime->add_decide_listener(*p->chain_listener);
  p->runtime->add_decide_listener(p->block_log);
  if (options.modules.query) {
    auto target = node_query::query_storage_from(options.modules.storage, storage);
    if (!target) return fail(target.error().context("query storage"));
    node_query::QueryServiceOptions query_options;
    query_options.storage = std::move(*target);
    query_options.vid_weights = weights;
    query_options.backfill.fetch = backfill_options(options, p->network, p->self);
    auto query = node_query::QueryService::open(std::move(query_options));
    if (!query) return fail(query.error().context("query service"));
    p->query = std::move(*query);
    p->runtime->add_decide_listener(*p->query);
  }
  ESEQ_TRY_STATUS(start_http(*p, io, options));

  spdlog::info("node {} of {}: transport on {}, storage {}", p->self, p->network.nodes.size(),
               p->transport->local_address().to_string(), storage.string());
  p->runtime->start();
  return std::unique_ptr<SequencerNode>(new SequencerNode(std::move(p)));
}

SequencerNode::SequencerNode(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
SequencerNode::~SequencerNode() {
  stop();
}

void SequencerNode::stop() {
  if (parts_->http) parts_->http->stop();
  if (parts_->runtime) parts_->runtime->stop();
  if (parts_->transport) parts_->transport->stop();
}

NodeRuntime& SequencerNode::runtime() {
  return *parts_->runtime;
}
std::optional<std::uint16_t> SequencerNode::http_port() const {
  if (!parts_->http) return std::nullopt;
  return parts_->http->port();
}
std::uint16_t SequencerNode::transport_port() const {
  return parts_->transport->local_address().port;
}

}  // namespace espresso
