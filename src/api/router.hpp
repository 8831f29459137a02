#pragma once
// Maps "<module>/<path>" routes to handlers. Every route is served under three prefixes, as
// upstream's tide-disco API: "/v0/<module>/<path>", "/v1/<module>/<path>" and "/<module>/<path>".

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.hpp"
#include "common/result.hpp"

namespace espresso {

class Router {
 public:
  // Registers `method module/path`; fails on a duplicate or an empty module or path.
  Status add(HttpMethod method, std::string_view module, std::string_view path,
             HttpHandler handler);

  // Dispatches a request: 404 for an unknown path, 405 for a known path with another method, 500
  // when the handler throws. Never throws.
  HttpResponse handle(const HttpRequest& request) const;

  // "module/path" keys of every route, sorted (for logs and tests).
  std::vector<std::string> routes() const;

 private:
  std::map<std::string, std::map<HttpMethod, HttpHandler>, std::less<>> routes_;
};

// "/v1/status/metrics/" -> "status/metrics": strips the version prefix and surrounding slashes.
std::string_view route_key(std::string_view path);

}  // namespace espresso
