#pragma once
// The orchestrator's HTTP routes (module "api", so served at /api/..., /v0/api/... and
// /v1/api/...):
//
//   POST /api/register  body: NodeRegistration JSON  -> 200 {"index", "registered", "num_nodes"}
//                       400 when the body or a key does not parse or the proof does not verify,
//                       409 when the network is full or already started without this key.
//   GET  /api/config    -> 503 "not ready: 2 of 4 registered" until `start_threshold` nodes
//                       registered, then 200 with the NetworkConfig JSON (the same for everyone).
//   GET  /api/status    -> 200 {"registered", "num_nodes", "start_threshold", "ready", "nodes"}.
//
// Each registration and the start are logged (spdlog).

#include <memory>

#include "api/orchestrator/registry.hpp"
#include "api/router.hpp"

namespace espresso {

Result<Router> orchestrator_router(std::shared_ptr<OrchestratorRegistry> registry);

}  // namespace espresso
