#include "api/config_module.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>

extern char** environ;  // POSIX

namespace espresso {
namespace {

// Option names of the seed operator guide that carry no secret.
constexpr std::array<std::string_view, 27> kPublicNames = {
    "ESPRESSO_SEQUENCER_API_PORT",
    "ESPRESSO_SEQUENCER_MAX_CONNECTIONS",
    "ESPRESSO_SEQUENCER_GENESIS_FILE",
    "ESPRESSO_SEQUENCER_IS_DA",
    "ESPRESSO_SEQUENCER_ORCHESTRATOR_URL",
    "ESPRESSO_SEQUENCER_STATE_PEERS",
    "ESPRESSO_SEQUENCER_LIBP2P_BIND_ADDRESS",
    "ESPRESSO_SEQUENCER_LIBP2P_ADVERTISE_ADDRESS",
    "ESPRESSO_SEQUENCER_LIBP2P_BOOTSTRAP_NODES",
    "ESPRESSO_SEQUENCER_STORAGE_PATH",
    "ESPRESSO_SEQUENCER_POSTGRES_HOST",
    "ESPRESSO_SEQUENCER_POSTGRES_PORT",
    "ESPRESSO_SEQUENCER_POSTGRES_DATABASE",
    "ESPRESSO_SEQUENCER_POSTGRES_PRUNE",
    "ESPRESSO_SEQUENCER_PRUNER_MINIMUM_RETENTION",
    "ESPRESSO_SEQUENCER_PRUNER_PRUNING_THRESHOLD",
    "ESPRESSO_SEQUENCER_PRUNER_TARGET_RETENTION",
    "ESPRESSO_SEQUENCER_CATCHUP_MAX_RETRY_DELAY",
    "ESPRESSO_SEQUENCER_IDENTITY_NODE_NAME",
    "ESPRESSO_SEQUENCER_IDENTITY_COMPANY_NAME",
    "ESPRESSO_SEQUENCER_IDENTITY_COMPANY_WEBSITE",
    "ESPRESSO_SEQUENCER_IDENTITY_OPERATING_SYSTEM",
    "ESPRESSO_SEQUENCER_IDENTITY_NODE_TYPE",
    "ESPRESSO_SEQUENCER_IDENTITY_NETWORK_TYPE",
    "ESPRESSO_SEQUENCER_IDENTITY_COUNTRY_CODE",
    "ESPRESSO_SEQUENCER_IDENTITY_LATITUDE",
    "ESPRESSO_SEQUENCER_IDENTITY_LONGITUDE",
};

bool contains_any(std::string_view name, std::initializer_list<std::string_view> words) {
  std::string upper(name);
  std::ranges::transform(upper, upper.begin(),
                         [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return std::ranges::any_of(
      words, [&](std::string_view word) { return upper.find(word) != std::string::npos; });
}

// Environment names: any KEY (key files too) is out.
bool looks_secret(std::string_view name) {
  return contains_any(name, {"KEY", "PASSWORD", "SECRET", "MNEMONIC", "PRIVATE", "TOKEN"});
}

// Config members: verification keys are public, signing keys are not.
bool is_private_config_name(std::string_view name) {
  return contains_any(name,
                      {"PRIVATE", "SECRET", "SIGN_KEY", "SIGNING_KEY", "MNEMONIC", "PASSWORD"});
}

}  // namespace

EnvironmentVariables process_environment() {
  EnvironmentVariables variables;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    auto equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    variables.emplace_back(std::string(text.substr(0, equals)),
                           std::string(text.substr(equals + 1)));
  }
  return variables;
}

std::span<const std::string_view> public_environment_names() {
  return kPublicNames;
}

nlohmann::json public_environment(const EnvironmentVariables& environment,
                                  std::span<const std::string_view> allowed) {
  nlohmann::json result = nlohmann::json::object();
  for (const auto& [name, value] : environment) {
    if (!name.starts_with("ESPRESSO_") || looks_secret(name)) continue;
    if (std::ranges::find(allowed, std::string_view(name)) == allowed.end()) continue;
    result[name] = value;
  }
  return result;
}

nlohmann::json without_private_keys(nlohmann::json config) {
  if (config.is_object()) {
    nlohmann::json cleaned = nlohmann::json::object();
    for (auto& [name, value] : config.items()) {
      if (!is_private_config_name(name)) {
        cleaned[name] = without_private_keys(std::move(value));
      }
    }
    return cleaned;
  }
  if (config.is_array()) {
    for (auto& element : config) element = without_private_keys(std::move(element));
  }
  return config;
}

Status register_config_routes(Router& router, nlohmann::json hotshot_config,
                              const EnvironmentVariables& environment,
                              std::span<const std::string_view> allowed) {
  auto hotshot = json_response(without_private_keys(std::move(hotshot_config)));
  auto env = json_response(public_environment(environment, allowed));
  ESEQ_TRY_STATUS(router.add(HttpMethod::kGet, "config", "hotshot",
                             [hotshot](const HttpRequest&) { return hotshot; }));
  return router.add(HttpMethod::kGet, "config", "env", [env](const HttpRequest&) { return env; });
}

}  // namespace espresso
