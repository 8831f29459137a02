#include "api/orchestrator/network_config.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "crypto/key_encoding.hpp"
#include "types/json_fields.hpp"

namespace espresso {

using json_fields::Json;
using json_fields::read_field;

namespace {

Result<bool> as_bool(const Json& value) {
  if (!value.is_boolean()) {
    return fail("expected true or false, got " + json_fields::quote(value));
  }
  return value.get<bool>();
}

Result<std::chrono::milliseconds> as_millis(const Json& value) {
  auto count = json_fields::as_u64(value);
  if (!count) return fail(std::move(count).error());
  return std::chrono::milliseconds(static_cast<std::int64_t>(*count));
}

Result<HostPort> as_host_port(const Json& value) {
  auto text = json_fields::as_string(value);
  if (!text) return fail(std::move(text).error());
  return parse_host_port(*text);
}

Result<std::optional<std::string>> as_optional_string(const Json& value) {
  if (value.is_null()) return std::optional<std::string>();
  auto text = json_fields::as_string(value);
  if (!text) return fail(std::move(text).error());
  return std::optional<std::string>(std::move(*text));
}

template <typename T, typename Parse>
auto tagged(Parse parse) {
  return [parse](const Json& value) -> Result<T> {
    auto text = json_fields::as_string(value);
    if (!text) return fail(std::move(text).error());
    return parse(*text);
  };
}

const auto kBlsKey = tagged<BlsPublicKey>(parse_bls_public_key);
const auto kBlsSig = tagged<BlsSignature>(parse_bls_signature);
const auto kSchnorrKey = tagged<SchnorrPublicKey>(parse_schnorr_public_key);

Result<const Json*> object_named(const Json& json, std::string_view what) {
  if (!json.is_object()) {
    return fail(std::string(what) + ": expected a JSON object, got " + json_fields::quote(json));
  }
  return &json;
}

// Reads an optional member: absent or null leaves `out` as it is.
template <typename T, typename Read>
Status read_optional(const Json& object, std::string_view what, std::string_view key, T& out,
                     Read read) {
  auto it = object.find(std::string(key));
  if (it == object.end() || it->is_null()) return {};
  return read_field(object, what, key, out, read);
}

}  // namespace

Status ConsensusParameters::validate() const {
  if (num_nodes == 0) return fail("num_nodes must be at least 1");
  if (start_threshold == 0 || start_threshold > num_nodes) {
    return fail("start_threshold must be between 1 and num_nodes (" + std::to_string(num_nodes) +
                "), got " + std::to_string(start_threshold));
  }
  if (da_committee_size == 0) return fail("da_committee_size must be at least 1");
  if (view_timeout.count() <= 0) return fail("view_timeout must be positive");
  if (max_block_size == 0) return fail("max_block_size must be at least 1");
  return {};
}

std::optional<std::size_t> NetworkConfig::index_of(const BlsPublicKey& key) const {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].staking_key == key) return i;
  }
  return std::nullopt;
}

std::size_t NetworkConfig::da_member_count() const {
  std::size_t count = 0;
  for (const auto& node : nodes) count += node.da ? 1 : 0;
  return count;
}

NetworkConfig assemble_network_config(const ConsensusParameters& parameters,
                                      std::span<const NodeRegistration> registrations) {
  NetworkConfig config{parameters, {}};
  std::uint64_t da_members = 0;
  for (const auto& registration : registrations) {
    const bool da = registration.is_da && da_members < parameters.da_committee_size;
    if (da) ++da_members;
    config.nodes.push_back(NodeConfig{
        .index = config.nodes.size(),
        .staking_key = registration.staking_key,
        .proof_of_possession = registration.proof_of_possession,
        .state_key = registration.state_key,
        .stake = registration.stake,
        .da = da,
        .p2p_address = registration.p2p_address,
        .http_url = registration.http_url,
    });
  }
  return config;
}

Json to_json(const ConsensusParameters& p) {
  return Json{{"num_nodes", p.num_nodes},
              {"start_threshold", p.start_threshold},
              {"da_committee_size", p.da_committee_size},
              {"view_timeout_ms", p.view_timeout.count()},
              {"round_start_delay_ms", p.round_start_delay.count()},
              {"start_delay_ms", p.start_delay.count()},
              {"builder_timeout_ms", p.builder_timeout.count()},
              {"data_request_delay_ms", p.data_request_delay.count()},
              {"max_block_size", p.max_block_size}};
}

Json to_json(const NodeRegistration& r) {
  return Json{{"staking_key", to_tagged_base64(r.staking_key)},
              {"proof_of_possession", to_tagged_base64(r.proof_of_possession)},
              {"state_key", to_tagged_base64(r.state_key)},
              {"p2p_address", r.p2p_address.to_string()},
              {"is_da", r.is_da},
              {"http_url", r.http_url ? Json(*r.http_url) : Json(nullptr)},
              {"stake", r.stake}};
}

Json to_json(const NodeConfig& n) {
  return Json{{"index", n.index},
              {"staking_key", to_tagged_base64(n.staking_key)},
              {"proof_of_possession", to_tagged_base64(n.proof_of_possession)},
              {"state_key", to_tagged_base64(n.state_key)},
              {"stake", n.stake},
              {"da", n.da},
              {"p2p_address", n.p2p_address.to_string()},
              {"http_url", n.http_url ? Json(*n.http_url) : Json(nullptr)}};
}

Json to_json(const NetworkConfig& config) {
  Json nodes = Json::array();
  for (const auto& node : config.nodes) nodes.push_back(to_json(node));
  return Json{{"parameters", to_json(config.parameters)}, {"nodes", std::move(nodes)}};
}

Result<ConsensusParameters> consensus_parameters_from_json(const Json& json) {
  constexpr std::string_view kWhat = "parameters";
  ESEQ_TRY_STATUS(object_named(json, kWhat));
  ConsensusParameters p;
  ESEQ_TRY_STATUS(read_field(json, kWhat, "num_nodes", p.num_nodes, json_fields::as_u64));
  ESEQ_TRY_STATUS(
      read_field(json, kWhat, "start_threshold", p.start_threshold, json_fields::as_u64));
  ESEQ_TRY_STATUS(
      read_field(json, kWhat, "da_committee_size", p.da_committee_size, json_fields::as_u64));
  ESEQ_TRY_STATUS(read_field(json, kWhat, "view_timeout_ms", p.view_timeout, as_millis));
  ESEQ_TRY_STATUS(read_field(json, kWhat, "round_start_delay_ms", p.round_start_delay, as_millis));
  ESEQ_TRY_STATUS(read_field(json, kWhat, "start_delay_ms", p.start_delay, as_millis));
  ESEQ_TRY_STATUS(read_field(json, kWhat, "builder_timeout_ms", p.builder_timeout, as_millis));
  ESEQ_TRY_STATUS(
      read_field(json, kWhat, "data_request_delay_ms", p.data_request_delay, as_millis));
  ESEQ_TRY_STATUS(read_field(json, kWhat, "max_block_size", p.max_block_size, json_fields::as_u64));
  if (auto valid = p.validate(); !valid) return fail(std::move(valid).error().context(kWhat));
  return p;
}

Result<NodeRegistration> node_registration_from_json(const Json& json) {
  constexpr std::string_view kWhat = "registration";
  ESEQ_TRY_STATUS(object_named(json, kWhat));
  // Keys are read into optionals because they have no default value.
  std::optional<BlsPublicKey> staking_key;
  std::optional<BlsSignature> proof;
  std::optional<SchnorrPublicKey> state_key;
  HostPort address;
  bool is_da = false;
  std::optional<std::string> http_url;
  std::uint64_t stake = 1;
  ESEQ_TRY_STATUS(read_field(json, kWhat, "staking_key", staking_key, kBlsKey));
  ESEQ_TRY_STATUS(read_field(json, kWhat, "proof_of_possession", proof, kBlsSig));
  ESEQ_TRY_STATUS(read_field(json, kWhat, "state_key", state_key, kSchnorrKey));
  ESEQ_TRY_STATUS(read_field(json, kWhat, "p2p_address", address, as_host_port));
  ESEQ_TRY_STATUS(read_optional(json, kWhat, "is_da", is_da, as_bool));
  ESEQ_TRY_STATUS(read_optional(json, kWhat, "http_url", http_url, as_optional_string));
  ESEQ_TRY_STATUS(read_optional(json, kWhat, "stake", stake, json_fields::as_u64));
  if (stake == 0) return fail("registration: stake: must be at least 1");
  return NodeRegistration{*staking_key, *proof, *state_key, address, is_da, http_url, stake};
}

Result<NodeConfig> node_config_from_json(const Json& json) {
  constexpr std::string_view kWhat = "node";
  ESEQ_TRY_STATUS(object_named(json, kWhat));
  std::uint64_t index = 0;
  std::optional<BlsPublicKey> staking_key;
  std::optional<BlsSignature> proof;
  std::optional<SchnorrPublicKey> state_key;
  std::uint64_t stake = 1;
  bool da = false;
  HostPort address;
  std::optional<std::string> http_url;
  ESEQ_TRY_STATUS(read_field(json, kWhat, "index", index, json_fields::as_u64));
  const std::string what = "node " + std::to_string(index);
  ESEQ_TRY_STATUS(read_field(json, what, "staking_key", staking_key, kBlsKey));
  ESEQ_TRY_STATUS(read_field(json, what, "proof_of_possession", proof, kBlsSig));
  ESEQ_TRY_STATUS(read_field(json, what, "state_key", state_key, kSchnorrKey));
  ESEQ_TRY_STATUS(read_field(json, what, "stake", stake, json_fields::as_u64));
  ESEQ_TRY_STATUS(read_field(json, what, "da", da, as_bool));
  ESEQ_TRY_STATUS(read_field(json, what, "p2p_address", address, as_host_port));
  ESEQ_TRY_STATUS(read_optional(json, what, "http_url", http_url, as_optional_string));
  if (stake == 0) return fail(what + ": stake: must be at least 1");
  return NodeConfig{index, *staking_key, *proof, *state_key, stake, da, address, http_url};
}

Result<NetworkConfig> network_config_from_json(const Json& json) {
  constexpr std::string_view kWhat = "network config";
  ESEQ_TRY_STATUS(object_named(json, kWhat));
  auto parameters_field = json_fields::member(json, "parameters");
  if (!parameters_field) return fail(std::move(parameters_field).error().context(kWhat));
  auto parameters = consensus_parameters_from_json(**parameters_field);
  if (!parameters) return fail(std::move(parameters).error().context(kWhat));
  auto nodes_field = json_fields::member(json, "nodes");
  if (!nodes_field) return fail(std::move(nodes_field).error().context(kWhat));
  if (!(*nodes_field)->is_array()) {
    return fail("network config: nodes: expected an array, got " +
                json_fields::quote(**nodes_field));
  }
  NetworkConfig config{*parameters, {}};
  std::set<ByteArray<BlsPublicKey::kSize>> keys;
  for (const auto& entry : **nodes_field) {
    auto node = node_config_from_json(entry);
    if (!node) return fail(std::move(node).error().context("network config: nodes"));
    if (node->index != config.nodes.size()) {
      return fail("network config: nodes: expected index " + std::to_string(config.nodes.size()) +
                  ", got " + std::to_string(node->index));
    }
    if (!keys.insert(node->staking_key.to_bytes()).second) {
      return fail("network config: nodes: node " + std::to_string(node->index) +
                  " repeats the staking key " + to_tagged_base64(node->staking_key));
    }
    config.nodes.push_back(std::move(*node));
  }
  return config;
}

}  // namespace espresso
