#include "orchestrator_cli.hpp"

#include <chrono>

#include "common/units.hpp"

namespace espresso {
namespace {

Result<std::chrono::milliseconds> option_duration(std::string_view option, const std::string& text,
                                                  bool allow_zero) {
  auto parsed = parse_duration(text);
  if (!parsed) {
    return fail(
        std::string(option) + ": \"" + text +
        "\" is not a duration (expected e.g. \"10s\", \"500ms\"): " + parsed.error().message);
  }
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(*parsed);
  if (!allow_zero && millis.count() <= 0) {
    return fail(std::string(option) + ": \"" + text + "\" must be at least 1ms");
  }
  return millis;
}

}  // namespace

void add_orchestrator_options(CLI::App& app, OrchestratorCliValues& values) {
  app.add_option("-p,--port", values.port, "Port of the orchestrator's HTTP API")
      ->envname("ESPRESSO_ORCHESTRATOR_PORT")
      ->required();
  app.add_option("-n,--num-nodes", values.num_nodes, "Number of nodes in the network")
      ->envname("ESPRESSO_ORCHESTRATOR_NUM_NODES")
      ->required()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000}));
  app.add_option("--bind-address", values.bind_address, "IP address the HTTP API listens on")
      ->envname("ESPRESSO_ORCHESTRATOR_BIND_ADDRESS")
      ->capture_default_str();
  app.add_option("--start-threshold", values.start_threshold,
                 "Nodes that must register before the network starts (default: all N)")
      ->envname("ESPRESSO_ORCHESTRATOR_START_THRESHOLD");
  app.add_option("--da-committee-size", values.da_committee_size,
                 "Size of the DA committee: the first nodes registered with is_da (default: N)")
      ->envname("ESPRESSO_ORCHESTRATOR_DA_COMMITTEE_SIZE");
  app.add_option("--next-view-timeout,--view-timeout", values.view_timeout,
                 "How long a node waits in a view before timing out")
      ->envname("ESPRESSO_ORCHESTRATOR_NEXT_VIEW_TIMEOUT")
      ->capture_default_str();
  app.add_option("--round-start-delay", values.round_start_delay,
                 "Delay before a leader proposes in a new view")
      ->envname("ESPRESSO_ORCHESTRATOR_ROUND_START_DELAY")
      ->capture_default_str();
  app.add_option("--start-delay", values.start_delay,
                 "Delay between the network config being ready and the first view")
      ->envname("ESPRESSO_ORCHESTRATOR_START_DELAY")
      ->capture_default_str();
  app.add_option("--builder-timeout", values.builder_timeout,
                 "How long a leader waits for a block from the builder")
      ->envname("ESPRESSO_ORCHESTRATOR_BUILDER_TIMEOUT")
      ->capture_default_str();
  app.add_option("--data-request-delay", values.data_request_delay,
                 "Delay before a node asks peers for data it is missing")
      ->envname("ESPRESSO_ORCHESTRATOR_DATA_REQUEST_DELAY")
      ->capture_default_str();
  app.add_option("--max-block-size", values.max_block_size, "Largest block payload, in bytes")
      ->envname("ESPRESSO_ORCHESTRATOR_MAX_BLOCK_SIZE")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
}

Result<OrchestratorSettings> orchestrator_settings(const OrchestratorCliValues& values) {
  OrchestratorSettings settings;
  settings.bind_address = values.bind_address;
  settings.port = values.port;
  auto& p = settings.parameters;
  p.num_nodes = values.num_nodes;
  p.start_threshold = values.start_threshold == 0 ? values.num_nodes : values.start_threshold;
  p.da_committee_size = values.da_committee_size == 0 ? values.num_nodes : values.da_committee_size;
  p.max_block_size = values.max_block_size;

  struct DurationOption {
    std::string_view name;
    const std::string& text;
    std::chrono::milliseconds& out;
    bool allow_zero;
  };
  for (const DurationOption& option : {
           DurationOption{"--next-view-timeout", values.view_timeout, p.view_timeout, false},
           DurationOption{"--round-start-delay", values.round_start_delay, p.round_start_delay,
                          true},
           DurationOption{"--start-delay", values.start_delay, p.start_delay, true},
           DurationOption{"--builder-timeout", values.builder_timeout, p.builder_timeout, true},
           DurationOption{"--data-request-delay", values.data_request_delay, p.data_request_delay,
                          true},
       }) {
    auto parsed = option_duration(option.name, option.text, option.allow_zero);
    if (!parsed) return fail(std::move(parsed).error());
    option.out = *parsed;
  }
  if (p.start_threshold > p.num_nodes) {
    return fail("--start-threshold: " + std::to_string(p.start_threshold) +
                " is more than --num-nodes (" + std::to_string(p.num_nodes) + ")");
  }
  if (auto valid = p.validate(); !valid) return fail(std::move(valid).error());
  return settings;
}

}  // namespace espresso
