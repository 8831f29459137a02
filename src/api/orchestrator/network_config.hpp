#pragma once
// The network config the orchestrator hands to every node: each node's keys, stake, DA membership
// and addresses, plus the consensus parameters all nodes must share.
//
// Ordering rule: nodes are ordered by registration (the first node to register gets index 0); a
// node that registers again with the same staking key keeps its index. This index is the node's
// index in the stake table and in consensus.
//
// DA rule: the DA committee is the first `da_committee_size` registered nodes (in index order) that
// asked to be DA members (`is_da`); later DA volunteers are ordinary nodes. When fewer nodes asked
// than `da_committee_size`, the committee is smaller (never filled with non-volunteers).
//
// JSON: {"parameters": {...}, "nodes": [{...}, ...]}; keys as TaggedBase64 text (crypto/
// key_encoding.hpp), addresses as "host:port", durations as integer milliseconds ("*_ms").

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "crypto/bls.hpp"
#include "crypto/schnorr.hpp"
#include "network/address.hpp"

namespace espresso {

// Consensus parameters chosen by the orchestrator's operator (orchestrator --help lists them).
struct ConsensusParameters {
  std::uint64_t num_nodes = 4;          // nodes in the stake table
  std::uint64_t start_threshold = 4;    // nodes registered before the config is handed out
  std::uint64_t da_committee_size = 4;  // at most this many DA members
  std::chrono::milliseconds view_timeout{10'000};       // next-view timeout of the pacemaker
  std::chrono::milliseconds round_start_delay{1};       // wait before proposing in a new view
  std::chrono::milliseconds start_delay{0};             // wait after the config is ready
  std::chrono::milliseconds builder_timeout{1'000};     // how long a leader waits for a block
  std::chrono::milliseconds data_request_delay{2'000};  // before asking peers for missing data
  std::uint64_t max_block_size = 1 << 20;               // payload bytes

  // num_nodes >= 1, 1 <= start_threshold <= num_nodes, da_committee_size >= 1, view_timeout > 0.
  Status validate() const;
  friend bool operator==(const ConsensusParameters&, const ConsensusParameters&) = default;
};

// What a node sends to register.
struct NodeRegistration {
  BlsPublicKey staking_key;
  BlsSignature proof_of_possession;  // of the staking key; the orchestrator checks it
  SchnorrPublicKey state_key;
  HostPort p2p_address;                 // where its transport listens (advertise address)
  bool is_da = false;                   // asks to be in the DA committee
  std::optional<std::string> http_url;  // its HTTP API, for catch-up and status
  std::uint64_t stake = 1;

  friend bool operator==(const NodeRegistration&, const NodeRegistration&) = default;
};

// One node as every other node sees it.
struct NodeConfig {
  std::uint64_t index = 0;
  BlsPublicKey staking_key;
  BlsSignature proof_of_possession;
  SchnorrPublicKey state_key;
  std::uint64_t stake = 1;
  bool da = false;  // member of the DA committee (see the DA rule above)
  HostPort p2p_address;
  std::optional<std::string> http_url;

  friend bool operator==(const NodeConfig&, const NodeConfig&) = default;
};

struct NetworkConfig {
  ConsensusParameters parameters;
  std::vector<NodeConfig> nodes;  // index order

  // The node whose staking key is `key`.
  std::optional<std::size_t> index_of(const BlsPublicKey& key) const;
  std::size_t da_member_count() const;
  friend bool operator==(const NetworkConfig&, const NetworkConfig&) = default;
};

// Builds the config from registrations in registration order, applying the DA rule.
NetworkConfig assemble_network_config(const ConsensusParameters& parameters,
                                      std::span<const NodeRegistration> registrations);

nlohmann::json to_json(const ConsensusParameters& parameters);
nlohmann::json to_json(const NodeRegistration& registration);
nlohmann::json to_json(const NodeConfig& node);
nlohmann::json to_json(const NetworkConfig& config);

// Each reader names the field that is missing or bad and quotes the value.
Result<ConsensusParameters> consensus_parameters_from_json(const nlohmann::json& json);
Result<NodeRegistration> node_registration_from_json(const nlohmann::json& json);
Result<NodeConfig> node_config_from_json(const nlohmann::json& json);
// Also checks that indices are 0..n-1 in order, keys are distinct and parameters valid.
Result<NetworkConfig> network_config_from_json(const nlohmann::json& json);

}  // namespace espresso
