#pragma once
// JoinNetwork through the orchestrator at --orchestrator-url: register this node's keys and
// advertise address, wait until the network is complete, and return it.

#include "node/runtime/sequencer_node.hpp"

namespace espresso {

Result<NetworkConfig> join_through_orchestrator(const SequencerOptions& options,
                                                const NodeKeys& keys);

}  // namespace espresso
