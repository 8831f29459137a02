#include "api/orchestrator/orchestrator_routes.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "crypto/key_encoding.hpp"

namespace espresso {
namespace {

using nlohmann::json;

HttpResponse handle_register(OrchestratorRegistry& registry, const HttpRequest& request) {
  auto body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return error_response(400, "register: the body is not JSON; expected a registration object");
  }
  auto registration = node_registration_from_json(body);
  if (!registration) return error_response(400, registration.error().message);
  auto outcome = registry.register_node(*registration);
  if (!outcome) {
    const int status = outcome.error().kind == RegistrationRefusal::kConflict ? 409 : 400;
    spdlog::warn("orchestrator: refused a registration: {}", outcome.error().message);
    return error_response(status, outcome.error().message);
  }
  const auto& params = registry.parameters();
  spdlog::info("orchestrator: node {} {} (staking key {}, p2p {}, da {}): {} of {} registered",
               outcome->index, outcome->new_node ? "registered" : "registered again",
               to_tagged_base64(registration->staking_key), registration->p2p_address.to_string(),
               registration->is_da, outcome->registered, params.num_nodes);
  if (outcome->started) {
    auto config = registry.config();
    spdlog::info("orchestrator: network ready with {} nodes ({} DA members); handing out config",
                 config->nodes.size(), config->da_member_count());
  }
  return json_response(json{{"index", outcome->index},
                            {"registered", outcome->registered},
                            {"num_nodes", params.num_nodes}});
}

HttpResponse handle_config(const OrchestratorRegistry& registry) {
  auto config = registry.config();
  if (!config) {
    return error_response(503, "not ready: " + std::to_string(registry.registered()) + " of " +
                                   std::to_string(registry.parameters().start_threshold) +
                                   " registered");
  }
  return json_response(to_json(*config));
}

HttpResponse handle_status(const OrchestratorRegistry& registry) {
  const auto& params = registry.parameters();
  json nodes = json::array();
  const auto registrations = registry.registrations();
  for (std::size_t i = 0; i < registrations.size(); ++i) {
    nodes.push_back(json{{"index", i},
                         {"staking_key", to_tagged_base64(registrations[i].staking_key)},
                         {"p2p_address", registrations[i].p2p_address.to_string()},
                         {"is_da", registrations[i].is_da}});
  }
  return json_response(json{{"registered", registrations.size()},
                            {"num_nodes", params.num_nodes},
                            {"start_threshold", params.start_threshold},
                            {"ready", registry.config().has_value()},
                            {"nodes", std::move(nodes)}});
}

}  // namespace

Result<Router> orchestrator_router(std::shared_ptr<OrchestratorRegistry> registry) {
  Router router;
  ESEQ_TRY_STATUS(router.add(
      HttpMethod::kPost, "api", "register",
      [registry](const HttpRequest& request) { return handle_register(*registry, request); }));
  ESEQ_TRY_STATUS(router.add(HttpMethod::kGet, "api", "config",
                             [registry](const HttpRequest&) { return handle_config(*registry); }));
  ESEQ_TRY_STATUS(router.add(HttpMethod::kGet, "api", "status",
                             [registry](const HttpRequest&) { return handle_status(*registry); }));
  return router;
}

}  // namespace espresso
