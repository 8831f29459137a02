#pragma once
// Prometheus text exposition (format 0.0.4) of a prometheus-cpp registry, served by status/metrics.

#include <string>

namespace prometheus {
class Registry;
}

namespace espresso {

inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4";

std::string render_prometheus_text(const prometheus::Registry& registry);

}  // namespace espresso
