#include "node/runtime/orchestrator_join.hpp"

namespace espresso {

Result<NetworkConfig> join_through_orchestrator(const SequencerOptions& options, const NodeKeys&) {
  // The orchestrator client (api/orchestrator) is not in this build yet.
  return fail("cannot join through the orchestrator at " + options.orchestrator_url +
              ": no orchestrator client in this build; provide a saved network config");
}

}  // namespace espresso
