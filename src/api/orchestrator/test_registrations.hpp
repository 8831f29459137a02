#pragma once
// Test helper: deterministic node registrations (keys from a fixed seed, loopback addresses).

#include <cstdint>
#include <string>

#include "api/orchestrator/network_config.hpp"

namespace espresso::testing {

inline NodeRegistration test_registration(std::uint64_t index, bool is_da = true) {
  KeySeed seed{};
  seed[0] = 0x42;
  const auto staking = BlsSecretKey::from_seed(seed, index);
  const auto state = SchnorrSecretKey::from_seed(seed, index);
  return NodeRegistration{
      .staking_key = staking.public_key(),
      .proof_of_possession = staking.prove_possession(),
      .state_key = state.public_key(),
      .p2p_address = HostPort{"127.0.0.1", static_cast<std::uint16_t>(20000 + index)},
      .is_da = is_da,
      .http_url = "http://127.0.0.1:" + std::to_string(30000 + index),
      .stake = 1,
  };
}

}  // namespace espresso::testing
