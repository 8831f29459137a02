#include "node/runtime/orchestrator_join.hpp"

#include <string>

#include "api/orchestrator/join_network.hpp"

namespace espresso {

Result<NetworkConfig> join_through_orchestrator(const SequencerOptions& options,
                                                const NodeKeys& keys) {
  NodeRegistration registration{keys.staking.public_key(),
                                keys.staking.prove_possession(),
                                keys.state.public_key(),
                                options.libp2p_advertise_address,
                                options.is_da,
                                std::nullopt,
                                1};
  if (options.modules.http) {
    registration.http_url =
        "http://" +
        HostPort{options.libp2p_advertise_address.host, options.modules.http->port}.to_string();
  }
  auto joined = join_network(options.orchestrator_url, registration);
  if (!joined) return fail(joined.error().context("orchestrator " + options.orchestrator_url));
  return joined;
}

}  // namespace espresso
