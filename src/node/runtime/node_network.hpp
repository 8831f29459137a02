#pragma once
// The network a node runs in: every stake-table member's keys, stake, DA membership and address,
// plus the consensus parameters every node must share. A node gets it from the orchestrator on
// its first start and saves it under its storage path, so a restarted node rejoins without the
// orchestrator.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "crypto/bls.hpp"
#include "network/address.hpp"

namespace espresso {

struct NetworkMember {
  BlsPublicKey staking_key;
  BlsSignature proof_of_possession;  // checked once, when the stake table is built
  std::uint64_t stake = 1;
  bool da = true;
  HostPort address;  // where its transport listens (its advertise address)
};

struct NodeNetwork {
  std::vector<NetworkMember> members;  // stake-table order: index = consensus NodeIndex
  std::uint64_t view_timeout_ms = 2000;

  // The member holding `key`, if any.
  std::optional<std::size_t> index_of(const BlsPublicKey& key) const;
};

nlohmann::json to_json(const NodeNetwork& network);
// Errors name the field and quote the bad value.
Result<NodeNetwork> node_network_from_json(const nlohmann::json& json);

// The file under the storage path that holds the saved network.
std::filesystem::path saved_network_path(const std::filesystem::path& storage_path);
// Written to a temporary file and renamed, so a crash never leaves half a file.
Status save_node_network(const std::filesystem::path& path, const NodeNetwork& network);
// nullopt when the file does not exist; an error when it exists but does not parse.
Result<std::optional<NodeNetwork>> load_node_network(const std::filesystem::path& path);

}  // namespace espresso
