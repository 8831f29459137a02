#pragma once
// The consensus metrics the node updates and status/metrics exposes. Names follow the upstream
// sequencer's Prometheus output (seed operator guide, monitoring section) so dashboards keep
// working.

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace espresso {

struct NodeMetrics {
  // Registers every metric in `registry`, which must outlive this struct.
  explicit NodeMetrics(prometheus::Registry& registry);

  prometheus::Gauge& current_view;              // consensus_current_view
  prometheus::Gauge& last_decided_view;         // consensus_last_decided_view
  prometheus::Counter& timeouts_as_leader;      // consensus_number_of_timeouts_as_leader
  prometheus::Gauge& connected_peers;           // consensus_libp2p_num_connected_peers
  prometheus::Gauge& outstanding_transactions;  // consensus_outstanding_transactions
};

}  // namespace espresso
