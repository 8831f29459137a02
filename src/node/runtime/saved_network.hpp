#pragma once
// The network config a node got from the orchestrator on its first start, saved under its storage
// path so that a restarted node rejoins without the orchestrator.

#include <filesystem>
#include <optional>

#include "api/orchestrator/network_config.hpp"
#include "common/result.hpp"

namespace espresso {

// The file under the storage path that holds the saved network.
std::filesystem::path saved_network_path(const std::filesystem::path& storage_path);
// Written to a temporary file and renamed, so a crash never leaves half a file.
Status save_network_config(const std::filesystem::path& path, const NetworkConfig& network);
// nullopt when the file does not exist; an error (naming the file) when it does not parse.
Result<std::optional<NetworkConfig>> load_network_config(const std::filesystem::path& path);

}  // namespace espresso
