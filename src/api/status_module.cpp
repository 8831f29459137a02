#include "api/status_module.hpp"

#include <nlohmann/json.hpp>

#include "api/prometheus_text.hpp"

namespace espresso {

Status register_status_routes(Router& router, const StatusSource& source,
                              const prometheus::Registry& registry) {
  ESEQ_TRY_STATUS(
      router.add(HttpMethod::kGet, "status", "block-height",
                 [&source](const HttpRequest&) { return json_response(source.block_height()); }));
  ESEQ_TRY_STATUS(
      router.add(HttpMethod::kGet, "status", "success-rate",
                 [&source](const HttpRequest&) { return json_response(source.success_rate()); }));
  ESEQ_TRY_STATUS(router.add(
      HttpMethod::kGet, "status", "time-since-last-decide",
      [&source](const HttpRequest&) { return json_response(source.seconds_since_last_decide()); }));
  return router.add(HttpMethod::kGet, "status", "metrics", [&registry](const HttpRequest&) {
    return HttpResponse{200, kPrometheusContentType, render_prometheus_text(registry)};
  });
}

}  // namespace espresso
