#include "api/router.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <span>

#include "common/hex.hpp"
#include "common/tagged_base64.hpp"

namespace espresso {
namespace {

std::string_view trim_slashes(std::string_view text) {
  while (!text.empty() && text.front() == '/') text.remove_prefix(1);
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  while (true) {
    auto slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool is_parameter(std::string_view segment) {
  return segment.starts_with(':');
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "%7E" -> "~". A '%' not followed by two hex digits is kept as is: the typed helpers then report
// the raw text as the bad value.
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int high = hex_digit(text[i + 1]);
      int low = hex_digit(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace

struct Router::Node {
  struct Endpoint {
    std::string pattern;                   // "module/path" as registered
    std::vector<std::string> param_names;  // in path order
    RouteHandler handler;
  };
  std::map<std::string, std::unique_ptr<Node>, std::less<>> exact;
  std::unique_ptr<Node> parameter;  // any one non-empty segment
  std::map<HttpMethod, Endpoint> endpoints;
};

namespace {

struct Match {
  const Router::Node* with_method = nullptr;  // reached a route serving the method
  const Router::Node* any_method = nullptr;   // reached a route (for 405)
  std::vector<std::string_view> values;       // captured along the with_method path
};

// Depth-first, exact segments before the parameter, so exact routes win; stops at the first route
// that serves the method.
bool find_route(const Router::Node& node, std::span<const std::string_view> segments,
                HttpMethod method, Match& match) {
  if (segments.empty()) {
    if (node.endpoints.empty()) return false;
    if (!match.any_method) match.any_method = &node;
    if (!node.endpoints.contains(method)) return false;
    match.with_method = &node;
    return true;
  }
  std::string_view segment = segments.front();
  if (auto child = node.exact.find(segment); child != node.exact.end()) {
    if (find_route(*child->second, segments.subspan(1), method, match)) return true;
  }
  if (node.parameter && !segment.empty()) {
    match.values.push_back(segment);
    if (find_route(*node.parameter, segments.subspan(1), method, match)) return true;
    match.values.pop_back();
  }
  return false;
}

void collect_routes(const Router::Node& node, std::vector<std::string>& out) {
  for (const auto& [method, endpoint] : node.endpoints) {
    out.push_back(std::string(method_name(method)) + " " + endpoint.pattern);
  }
  for (const auto& [segment, child] : node.exact) collect_routes(*child, out);
  if (node.parameter) collect_routes(*node.parameter, out);
}

}  // namespace

void PathParams::add(std::string name, std::string value) {
  entries_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> PathParams::find(std::string_view name) const {
  for (const auto& [key, value] : entries_) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view route_key(std::string_view path) {
  path = trim_slashes(path);
  for (std::string_view version : {"v0/", "v1/"}) {
    if (path.starts_with(version)) return trim_slashes(path.substr(version.size()));
  }
  return path;
}

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

Status Router::add(HttpMethod method, std::string_view module, std::string_view path,
                   HttpHandler handler) {
  RouteHandler adapted;
  if (handler) {
    adapted = [handler = std::move(handler)](const HttpRequest& request, const PathParams&) {
      return handler(request);
    };
  }
  return add(method, module, path, std::move(adapted));
}

Status Router::add(HttpMethod method, std::string_view module, std::string_view path,
                   RouteHandler handler) {
  module = trim_slashes(module);
  path = trim_slashes(path);
  std::string pattern = std::string(module) + "/" + std::string(path);
  if (module.empty() || path.empty()) {
    return fail("route needs a module and a path, got '" + pattern + "'");
  }
  if (module.find('/') != std::string_view::npos || is_parameter(module)) {
    return fail("route '" + pattern + "': the module must be one plain segment");
  }
  if (!root_) root_ = std::make_unique<Node>();
  Node::Endpoint endpoint{pattern, {}, std::move(handler)};
  Node* node = root_.get();
  for (std::string_view segment : split_segments(pattern)) {
    if (segment.empty()) return fail("route '" + pattern + "' has an empty segment");
    if (is_parameter(segment)) {
      std::string name(segment.substr(1));
      if (name.empty()) return fail("route '" + pattern + "' has a parameter without a name");
      if (std::ranges::find(endpoint.param_names, name) != endpoint.param_names.end()) {
        return fail("route '" + pattern + "' repeats the parameter ':" + name + "'");
      }
      endpoint.param_names.push_back(std::move(name));
      if (!node->parameter) node->parameter = std::make_unique<Node>();
      node = node->parameter.get();
    } else {
      auto& child = node->exact[std::string(segment)];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  if (auto existing = node->endpoints.find(method); existing != node->endpoints.end()) {
    return fail("route " + std::string(method_name(method)) + " " + pattern + " registered twice" +
                (existing->second.pattern == pattern ? std::string()
                                                     : " (as " + existing->second.pattern + ")"));
  }
  node->endpoints.emplace(method, std::move(endpoint));
  return {};
}

HttpResponse Router::handle(const HttpRequest& request) const {
  Match match;
  if (root_) find_route(*root_, split_segments(route_key(request.path)), request.method, match);
  if (!match.with_method) {
    if (!match.any_method) return error_response(404, "no route for '" + request.path + "'");
    std::string allowed;
    for (const auto& [method, unused] : match.any_method->endpoints) {
      if (!allowed.empty()) allowed += ", ";
      allowed += method_name(method);
    }
    return error_response(405, "method " + std::string(method_name(request.method)) +
                                   " not allowed on '" + request.path + "' (allowed: " + allowed +
                                   ")");
  }
  const Node::Endpoint& endpoint = match.with_method->endpoints.at(request.method);
  try {
    if (!endpoint.handler)
      return error_response(500, "route '" + request.path + "' has no handler");
    PathParams params;
    for (std::size_t i = 0; i < endpoint.param_names.size(); ++i) {
      params.add(endpoint.param_names[i], percent_decode(match.values[i]));
    }
    return endpoint.handler(request, params);
  } catch (const std::exception& error) {
    return error_response(500, "internal error in '" + request.path + "': " + error.what());
  } catch (...) {
    return error_response(500, "internal error in '" + request.path + "'");
  }
}

std::vector<std::string> Router::routes() const {
  std::vector<std::string> keys;
  if (root_) collect_routes(*root_, keys);
  std::ranges::sort(keys);
  return keys;
}

HttpResponse bad_param_response(std::string_view name, std::string_view value,
                                std::string_view problem) {
  return error_response(400, "invalid path parameter '" + std::string(name) + "': got '" +
                                 std::string(value) + "', " + std::string(problem));
}

ParamResult<std::string_view> param_text(const PathParams& params, std::string_view name) {
  auto value = params.find(name);
  if (!value) {
    return tl::unexpected(
        error_response(400, "missing path parameter '" + std::string(name) + "'"));
  }
  return *value;
}

ParamResult<std::uint64_t> param_u64(const PathParams& params, std::string_view name) {
  auto text = param_text(params, name);
  if (!text) return tl::unexpected(std::move(text).error());
  std::uint64_t value = 0;
  const char* end = text->data() + text->size();
  auto [stop, error] = std::from_chars(text->data(), end, value);
  if (text->empty() || error == std::errc::result_out_of_range || stop != end ||
      error != std::errc()) {
    return tl::unexpected(bad_param_response(name, *text,
                                             error == std::errc::result_out_of_range
                                                 ? "expected an unsigned integer below 2^64"
                                                 : "expected an unsigned decimal integer"));
  }
  return value;
}

ParamResult<Hash32> param_hash(const PathParams& params, std::string_view name) {
  auto text = param_text(params, name);
  if (!text) return tl::unexpected(std::move(text).error());
  auto hash = parse_hex_fixed<32>(*text);
  if (!hash) {
    return tl::unexpected(
        bad_param_response(name, *text, "expected 32 bytes of hex (" + hash.error().message + ")"));
  }
  return *hash;
}

ParamResult<Bytes> param_tagged_base64(const PathParams& params, std::string_view name,
                                       std::string_view tag) {
  auto text = param_text(params, name);
  if (!text) return tl::unexpected(std::move(text).error());
  auto parsed = TaggedBase64::parse_expecting(*text, tag);
  if (!parsed) {
    return tl::unexpected(bad_param_response(name, *text,
                                             "expected TaggedBase64 with tag " + std::string(tag) +
                                                 " (" + parsed.error().message + ")"));
  }
  return std::move(parsed->value);
}

}  // namespace espresso
