#pragma once
// The `config` API module: GET config/hotshot (the node's consensus config without private keys)
// and GET config/env (the process's public ESPRESSO_* variables as {"NAME": "value"}).

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/router.hpp"
#include "common/result.hpp"

namespace espresso {

using EnvironmentVariables = std::vector<std::pair<std::string, std::string>>;

// A snapshot of the process environment.
EnvironmentVariables process_environment();

// The names config/env may show: ESPRESSO_* variables that hold no secret (no keys, key files,
// passwords or provider URLs, which may embed API tokens).
std::span<const std::string_view> public_environment_names();

// The variables of `environment` whose name is in `allowed` and does not look secret (KEY,
// PASSWORD, SECRET, MNEMONIC, PRIVATE, TOKEN: checked even for allowed names, as a second guard).
nlohmann::json public_environment(const EnvironmentVariables& environment,
                                  std::span<const std::string_view> allowed);

// `config` without object members named like a secret (private, secret, sign_key, signing_key,
// mnemonic, password), at any depth; verification keys stay.
nlohmann::json without_private_keys(nlohmann::json config);

// Serves a copy of `hotshot_config` (private keys removed) and the public part of `environment`.
Status register_config_routes(
    Router& router, nlohmann::json hotshot_config, const EnvironmentVariables& environment,
    std::span<const std::string_view> allowed = public_environment_names());

}  // namespace espresso
