#pragma once
// The `status` API module: GET status/block-height, status/success-rate,
// status/time-since-last-decide and status/metrics (Prometheus text).

#include <cstdint>

#include "api/router.hpp"
#include "common/result.hpp"

namespace prometheus {
class Registry;
}

namespace espresso {

// Implemented by the node. Called on the HTTP io_context thread, so implementations must be safe to
// read from there (atomics or their own lock).
class StatusSource {
 public:
  virtual ~StatusSource() = default;
  virtual std::uint64_t block_height() const = 0;
  // Fraction of views since start that decided a block, in [0, 1].
  virtual double success_rate() const = 0;
  virtual std::uint64_t seconds_since_last_decide() const = 0;
};

// `source` and `registry` must outlive the router.
Status register_status_routes(Router& router, const StatusSource& source,
                              const prometheus::Registry& registry);

}  // namespace espresso
