#pragma once
// Test helpers for the catchup module: addresses and a CatchupSource backed by maps.

#include <map>

#include "api/catchup/catchup_source.hpp"
#include "common/address.hpp"

namespace espresso::catchup_test {

inline Address account(std::uint8_t last) {
  ByteArray<20> bytes{};
  bytes[19] = last;
  return Address(bytes);
}

class FakeSource final : public CatchupSource {
 public:
  std::map<std::uint64_t, DecidedState> states;
  std::map<Hash32, ChainConfig> configs;

  std::optional<DecidedState> decided_state(std::uint64_t height) const override {
    const auto it = states.find(height);
    if (it == states.end()) return std::nullopt;
    return it->second;
  }
  std::optional<ChainConfig> chain_config(const Hash32& commitment) const override {
    const auto it = configs.find(commitment);
    if (it == configs.end()) return std::nullopt;
    return it->second;
  }
};

}  // namespace espresso::catchup_test
