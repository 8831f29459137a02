#include "api/orchestrator/registry.hpp"

#include "crypto/key_encoding.hpp"

namespace espresso {
namespace {

tl::unexpected<RegistrationError> refuse(RegistrationRefusal kind, std::string message) {
  return tl::unexpected<RegistrationError>(RegistrationError{kind, std::move(message)});
}

}  // namespace

OrchestratorRegistry::OrchestratorRegistry(ConsensusParameters parameters)
    : parameters_(std::move(parameters)) {}

tl::expected<RegistrationOutcome, RegistrationError> OrchestratorRegistry::register_node(
    const NodeRegistration& registration) {
  const std::string key_text = to_tagged_base64(registration.staking_key);
  if (!registration.staking_key.verify_possession(registration.proof_of_possession)) {
    return refuse(RegistrationRefusal::kBadRequest,
                  "proof_of_possession does not verify for staking key " + key_text);
  }
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < registrations_.size(); ++i) {
    auto& known = registrations_[i];
    if (known.staking_key == registration.staking_key) {
      if (!config_) known = registration;  // a restarted node may have moved
      return RegistrationOutcome{i, false, registrations_.size(), false};
    }
    if (known.state_key == registration.state_key) {
      return refuse(RegistrationRefusal::kConflict,
                    "state key " + to_tagged_base64(registration.state_key) +
                        " is already registered by node " + std::to_string(i));
    }
  }
  if (config_) {
    return refuse(RegistrationRefusal::kConflict,
                  "the network already started with " + std::to_string(config_->nodes.size()) +
                      " nodes; staking key " + key_text + " is not one of them");
  }
  if (registrations_.size() >= parameters_.num_nodes) {
    return refuse(RegistrationRefusal::kConflict,
                  "the network is full: " + std::to_string(parameters_.num_nodes) + " of " +
                      std::to_string(parameters_.num_nodes) + " nodes registered");
  }
  registrations_.push_back(registration);
  RegistrationOutcome outcome{registrations_.size() - 1, true, registrations_.size(), false};
  if (registrations_.size() >= parameters_.start_threshold) {
    config_ = assemble_network_config(parameters_, registrations_);
    outcome.started = true;
  }
  return outcome;
}

std::size_t OrchestratorRegistry::registered() const {
  std::lock_guard lock(mutex_);
  return registrations_.size();
}

std::optional<NetworkConfig> OrchestratorRegistry::config() const {
  std::lock_guard lock(mutex_);
  return config_;
}

std::vector<NodeRegistration> OrchestratorRegistry::registrations() const {
  std::lock_guard lock(mutex_);
  return registrations_;
}

}  // namespace espresso
