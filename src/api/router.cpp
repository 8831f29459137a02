#include "api/router.hpp"

#include <exception>
#include <vector>

namespace espresso {
namespace {

std::string_view trim_slashes(std::string_view text) {
  while (!text.empty() && text.front() == '/') text.remove_prefix(1);
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  return text;
}

}  // namespace

std::string_view route_key(std::string_view path) {
  path = trim_slashes(path);
  for (std::string_view version : {"v0/", "v1/"}) {
    if (path.starts_with(version)) return trim_slashes(path.substr(version.size()));
  }
  return path;
}

Status Router::add(HttpMethod method, std::string_view module, std::string_view path,
                   HttpHandler handler) {
  module = trim_slashes(module);
  path = trim_slashes(path);
  if (module.empty() || path.empty()) {
    return fail("route needs a module and a path, got '" + std::string(module) + "/" +
                std::string(path) + "'");
  }
  std::string key = std::string(module) + "/" + std::string(path);
  auto& by_method = routes_[key];
  if (by_method.contains(method)) {
    return fail("route " + std::string(method_name(method)) + " " + key + " registered twice");
  }
  by_method.emplace(method, std::move(handler));
  return {};
}

HttpResponse Router::handle(const HttpRequest& request) const {
  std::string_view key = route_key(request.path);
  auto found = routes_.find(key);
  if (found == routes_.end()) {
    return error_response(404, "no route for '" + request.path + "'");
  }
  auto handler = found->second.find(request.method);
  if (handler == found->second.end()) {
    std::string allowed;
    for (const auto& [method, unused] : found->second) {
      if (!allowed.empty()) allowed += ", ";
      allowed += method_name(method);
    }
    return error_response(405, "method " + std::string(method_name(request.method)) +
                                   " not allowed on '" + request.path + "' (allowed: " + allowed +
                                   ")");
  }
  try {
    return handler->second(request);
  } catch (const std::exception& error) {
    return error_response(500, "internal error in '" + request.path + "': " + error.what());
  } catch (...) {
    return error_response(500, "internal error in '" + request.path + "'");
  }
}

std::vector<std::string> Router::routes() const {
  std::vector<std::string> keys;
  for (const auto& [key, by_method] : routes_) {
    for (const auto& [method, unused] : by_method) {
      keys.push_back(std::string(method_name(method)) + " " + key);
    }
  }
  return keys;
}

}  // namespace espresso
