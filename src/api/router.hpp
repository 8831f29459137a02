#pragma once
// Maps "<module>/<path>" routes to handlers. Every route is served under three prefixes, as
// upstream's tide-disco API: "/v0/<module>/<path>", "/v1/<module>/<path>" and "/<module>/<path>".
//
// Paths may hold parameters, as in upstream's api/*.toml ("header/:height", "header/:from/:until"):
// a ":name" segment matches any one non-empty segment and the handler receives the captured values
// in a PathParams. An exact segment wins over a parameter at the same position ("header/hash/:hash"
// is chosen before "header/:from/:until" for "header/hash/X").

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http_types.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"

namespace espresso {

// Values captured by ":name" segments, percent-decoded, in path order.
class PathParams {
 public:
  void add(std::string name, std::string value);
  // The value of a parameter, or nothing when the route has no parameter of that name.
  std::optional<std::string_view> find(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

using RouteHandler = std::function<HttpResponse(const HttpRequest&, const PathParams&)>;

class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Registers `method module/path`; fails on a duplicate (the same shape of exact and parameter
  // segments), an empty module or path, an empty or repeated parameter name, or a parameter module.
  Status add(HttpMethod method, std::string_view module, std::string_view path,
             RouteHandler handler);
  // The same for handlers that take no path parameters.
  Status add(HttpMethod method, std::string_view module, std::string_view path,
             HttpHandler handler);

  // Dispatches a request: 404 for an unknown path, 405 for a known path with another method, 500
  // when the handler throws. Never throws.
  HttpResponse handle(const HttpRequest& request) const;

  // "METHOD module/path" of every route as registered (":name" kept), sorted.
  std::vector<std::string> routes() const;

  struct Node;

 private:
  std::unique_ptr<Node> root_;
};

// "/v1/status/metrics/" -> "status/metrics": strips the version prefix and surrounding slashes.
std::string_view route_key(std::string_view path);

// Typed path parameters. On bad input the error is a ready 400 JSON response that names the
// parameter, quotes the value and says what was expected, so handlers can return it as is:
//   auto height = param_u64(params, "height");
//   if (!height) return height.error();
template <typename T>
using ParamResult = tl::expected<T, HttpResponse>;

// A decimal unsigned 64-bit integer ("42"; no sign, no spaces, no leading "+").
ParamResult<std::uint64_t> param_u64(const PathParams& params, std::string_view name);
// 32 bytes as hex, with or without "0x".
ParamResult<Hash32> param_hash(const PathParams& params, std::string_view name);
// TaggedBase64 text with the given tag ("BLOCK~..."); returns the value bytes.
ParamResult<Bytes> param_tagged_base64(const PathParams& params, std::string_view name,
                                       std::string_view tag);
// The raw text of a parameter (400 only when the route has no such parameter).
ParamResult<std::string_view> param_text(const PathParams& params, std::string_view name);

// The 400 response the helpers produce, for handlers that check parameters themselves.
HttpResponse bad_param_response(std::string_view name, std::string_view value,
                                std::string_view problem);

}  // namespace espresso
