#include "api/node_metrics.hpp"

#include <string>

namespace espresso {
namespace {

prometheus::Gauge& gauge(prometheus::Registry& registry, const std::string& name,
                         const std::string& help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(registry).Add({});
}

}  // namespace

NodeMetrics::NodeMetrics(prometheus::Registry& registry)
    : current_view(gauge(registry, "consensus_current_view", "The view this node is in")),
      last_decided_view(
          gauge(registry, "consensus_last_decided_view", "The view of the last decided leaf")),
      timeouts_as_leader(prometheus::BuildCounter()
                             .Name("consensus_number_of_timeouts_as_leader")
                             .Help("Views this node led that ended in a timeout")
                             .Register(registry)
                             .Add({})),
      connected_peers(gauge(registry, "consensus_libp2p_num_connected_peers",
                            "Peers this node is connected to")),
      outstanding_transactions(gauge(registry, "consensus_outstanding_transactions",
                                     "Transactions waiting in the mempool")) {}

}  // namespace espresso
