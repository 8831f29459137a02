#pragma once
// Command line of `orchestrator`: the port, the number of nodes and the consensus parameters every
// node receives. Each option has an ESPRESSO_ORCHESTRATOR_* environment variable; the command line
// wins over the environment. Durations take units ("10s", "500ms", "1m30s").

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "api/orchestrator/network_config.hpp"
#include "common/result.hpp"

namespace espresso {

struct OrchestratorSettings {
  std::string bind_address = "0.0.0.0";
  std::uint16_t port = 0;
  ConsensusParameters parameters;
};

// The options as typed, before their values are checked together.
struct OrchestratorCliValues {
  std::string bind_address = "0.0.0.0";
  std::uint16_t port = 0;
  std::uint64_t num_nodes = 0;
  std::uint64_t start_threshold = 0;    // 0: num_nodes
  std::uint64_t da_committee_size = 0;  // 0: num_nodes
  std::string view_timeout = "10s";
  std::string round_start_delay = "1ms";
  std::string start_delay = "0s";
  std::string builder_timeout = "1s";
  std::string data_request_delay = "2s";
  std::uint64_t max_block_size = 1 << 20;
};

// Declares every option on `app`, bound to `values`.
void add_orchestrator_options(CLI::App& app, OrchestratorCliValues& values);

// Parses the durations and applies the defaults that depend on num_nodes; errors name the option
// and quote its value.
Result<OrchestratorSettings> orchestrator_settings(const OrchestratorCliValues& values);

}  // namespace espresso
