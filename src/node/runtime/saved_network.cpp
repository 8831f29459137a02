#include "node/runtime/saved_network.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

namespace espresso {

std::filesystem::path saved_network_path(const std::filesystem::path& storage_path) {
  return storage_path / "network-config.json";
}

Status save_network_config(const std::filesystem::path& path, const NetworkConfig& network) {
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

Result<std::optional<NetworkConfig>> load_network_config(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::optional<NetworkConfig>{};
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return fail("cannot read the saved network config " + path.string());
  auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return fail(path.string() + ": not JSON");
  auto network = network_config_from_json(json);
  if (!network) return fail(network.error().context(path.string()));
  return std::optional<NetworkConfig>{std::move(*network)};
}

}  // namespace espresso
