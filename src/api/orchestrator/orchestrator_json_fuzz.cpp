// Fuzz target for what the orchestrator and its nodes read from the network: registration bodies
// (through the /api/register route) and network configs. The input is used as is and also spliced
// into a valid document at a position it chooses, so most runs get past the JSON syntax. Any input
// must give a value or an error, never a crash; a config that parses must round-trip.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "api/orchestrator/orchestrator_routes.hpp"
#include "api/orchestrator/test_registrations.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using namespace espresso;

const std::string& valid_config_text() {
  static const std::string text = [] {
    std::vector<NodeRegistration> registrations{testing::test_registration(0),
                                                testing::test_registration(1)};
    ConsensusParameters params;
    params.num_nodes = 2;
    params.start_threshold = 2;
    return to_json(assemble_network_config(params, registrations)).dump();
  }();
  return text;
}

void check_config_text(const std::string& text) {
  const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return;
  if (auto config = network_config_from_json(json)) {
    auto again = network_config_from_json(to_json(*config));
    if (!again || !(*again == *config)) std::abort();
  }
  if (json.is_object() && json.contains("nodes") && json["nodes"].is_array()) {
    for (const auto& node : json["nodes"]) (void)node_registration_from_json(node);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);

  // Straight into the route, as a node's POST body.
  ConsensusParameters params;
  params.num_nodes = 2;
  params.start_threshold = 2;
  auto router = orchestrator_router(std::make_shared<OrchestratorRegistry>(params));
  if (!router) std::abort();
  const auto response = router->handle(HttpRequest{HttpMethod::kPost, "/api/register", "", input});
  if (response.status != 200 && response.status != 400 && response.status != 409) std::abort();

  // Spliced into a valid config: the first two bytes choose where, the rest replaces as many
  // bytes there.
  check_config_text(input);
  if (size >= 2) {
    std::string text = valid_config_text();
    const std::size_t at = (static_cast<std::size_t>(data[0]) << 8 | data[1]) % text.size();
    text.replace(at, std::min(size - 2, text.size() - at), input.substr(2));
    check_config_text(text);
  }
  return 0;
}
