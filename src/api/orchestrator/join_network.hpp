#pragma once
// The node side of the orchestrator: register this node, then poll until the network config is
// ready. Both steps retry with backoff while the orchestrator is unreachable or not ready (nodes
// may start before it); a refusal (4xx) ends the join at once with the orchestrator's message.

#include <chrono>
#include <functional>
#include <string_view>

#include "api/client/http_client.hpp"
#include "api/orchestrator/network_config.hpp"
#include "common/result.hpp"
#include "network/backoff.hpp"

namespace espresso {

// Called with a line describing each step ("registered as node 2", "waiting: not ready: 2 of 4
// registered"). Without one, progress is logged with spdlog.
using JoinProgress = std::function<void(std::string_view)>;

struct JoinOptions {
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};  // the whole join
  BackoffPolicy backoff{std::chrono::milliseconds(100), std::chrono::milliseconds(2'000), 2.0};
  HttpClientOptions http{std::chrono::milliseconds(2'000), std::chrono::milliseconds(10'000),
                         16 << 20};
};

// On success the config holds this node's staking key at the index the orchestrator assigned.
Result<NetworkConfig> join_network(std::string_view orchestrator_url,
                                   const NodeRegistration& registration, JoinProgress progress = {},
                                   JoinOptions options = {});

}  // namespace espresso
