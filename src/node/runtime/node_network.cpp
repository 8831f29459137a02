#include "node/runtime/node_network.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "crypto/key_encoding.hpp"

namespace espresso {

std::optional<std::size_t> NodeNetwork::index_of(const BlsPublicKey& key) const {
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (members[i].staking_key == key) return i;
  }
  return std::nullopt;
}

nlohmann::json to_json(const NodeNetwork& network) {
  nlohmann::json members = nlohmann::json::array();
  for (const auto& member : network.members) {
    members.push_back({{"staking_key", to_tagged_base64(member.staking_key)},
                       {"proof_of_possession", to_tagged_base64(member.proof_of_possession)},
                       {"stake", member.stake},
                       {"da", member.da},
                       {"address", member.address.to_string()}});
  }
  return {{"members", members}, {"view_timeout_ms", network.view_timeout_ms}};
}

namespace {

Result<std::string> string_field(const nlohmann::json& object, const char* name) {
  if (!object.is_object() || !object.contains(name) || !object[name].is_string()) {
    return fail(std::string("\"") + name + "\": expected a string");
  }
  return object[name].get<std::string>();
}

Result<std::uint64_t> u64_field(const nlohmann::json& object, const char* name) {
  if (!object.is_object() || !object.contains(name) || !object[name].is_number_unsigned()) {
    return fail(std::string("\"") + name + "\": expected an unsigned integer");
  }
  return object[name].get<std::uint64_t>();
}

Result<NetworkMember> member_from_json(const nlohmann::json& json) {
  auto key_text = string_field(json, "staking_key");
  if (!key_text) return fail(key_text.error());
  auto key = parse_bls_public_key(*key_text);
  if (!key) return fail(key.error().context("\"staking_key\""));
  auto pop_text = string_field(json, "proof_of_possession");
  if (!pop_text) return fail(pop_text.error());
  auto pop = parse_bls_signature(*pop_text);
  if (!pop) return fail(pop.error().context("\"proof_of_possession\""));
  auto stake = u64_field(json, "stake");
  if (!stake) return fail(stake.error());
  if (!json.contains("da") || !json["da"].is_boolean()) return fail("\"da\": expected a boolean");
  auto address_text = string_field(json, "address");
  if (!address_text) return fail(address_text.error());
  auto address = parse_host_port(*address_text);
  if (!address) return fail(address.error().context("\"address\""));
  return NetworkMember{*key, *pop, *stake, json["da"].get<bool>(), *address};
}

}  // namespace

Result<NodeNetwork> node_network_from_json(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("members") || !json["members"].is_array()) {
    return fail("network config: \"members\": expected an array");
  }
  NodeNetwork network;
  auto timeout = u64_field(json, "view_timeout_ms");
  if (!timeout) return fail(timeout.error().context("network config"));
  network.view_timeout_ms = *timeout;
  for (std::size_t i = 0; i < json["members"].size(); ++i) {
    auto member = member_from_json(json["members"][i]);
    if (!member) {
      return fail(member.error().context("network config: members[" + std::to_string(i) + "]"));
    }
    network.members.push_back(std::move(*member));
  }
  if (network.members.empty()) return fail("network config: \"members\" is empty");
  return network;
}

std::filesystem::path saved_network_path(const std::filesystem::path& storage_path) {
  return storage_path / "network-config.json";
}

Status save_node_network(const std::filesystem::path& path, const NodeNetwork& network) {
  const auto temporary = std::filesystem::path(path.string() + ".tmp");
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << to_json(network).dump(2) << "\n";
    out.flush();
    if (!out) return fail("cannot write the network config to " + temporary.string());
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) return fail("cannot rename " + temporary.string() + ": " + error.message());
  return {};
}

Result<std::optional<NodeNetwork>> load_node_network(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::optional<NodeNetwork>{};
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return fail("cannot read the saved network config " + path.string());
  auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return fail(path.string() + ": not JSON");
  auto network = node_network_from_json(json);
  if (!network) return fail(network.error().context(path.string()));
  return std::optional<NodeNetwork>{std::move(*network)};
}

}  // namespace espresso
