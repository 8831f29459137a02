#pragma once
// The orchestrator's record of registered nodes.
//
// Rules: the first registration of a staking key gets the next index; the same key registering
// again gets the same index (and, while the network has not started, its addresses are updated,
// for a node that restarted on another port). A registration is refused when its proof of
// possession does not verify, when its state key belongs to another node, or when `num_nodes`
// nodes are already registered. Once `start_threshold` nodes registered the config is frozen:
// every node receives exactly the same NetworkConfig, and new keys are refused.
//
// Locked internally, so tests and the app may read it from any thread; the HTTP handlers run on
// the server's io_context.

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "api/orchestrator/network_config.hpp"
#include "common/result.hpp"

namespace espresso {

struct RegistrationOutcome {
  std::uint64_t index = 0;
  bool new_node = false;       // false when the key had registered before
  std::size_t registered = 0;  // nodes registered after this one
  bool started = false;        // this registration completed the network
};

// Why a registration was refused; maps onto an HTTP status.
enum class RegistrationRefusal { kBadRequest, kConflict };

struct RegistrationError {
  RegistrationRefusal kind = RegistrationRefusal::kBadRequest;
  std::string message;
};

class OrchestratorRegistry {
 public:
  // `parameters` must be valid (ConsensusParameters::validate).
  explicit OrchestratorRegistry(ConsensusParameters parameters);

  tl::expected<RegistrationOutcome, RegistrationError> register_node(
      const NodeRegistration& registration);

  std::size_t registered() const;
  const ConsensusParameters& parameters() const { return parameters_; }
  // The frozen config once `start_threshold` nodes registered; nothing before.
  std::optional<NetworkConfig> config() const;
  // The registrations so far (index order), e.g. for status.
  std::vector<NodeRegistration> registrations() const;

 private:
  const ConsensusParameters parameters_;
  mutable std::mutex mutex_;
  std::vector<NodeRegistration> registrations_;
  std::optional<NetworkConfig> config_;
};

}  // namespace espresso
