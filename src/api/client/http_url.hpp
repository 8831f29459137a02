#pragma once
// "http://host:port/path" URLs as the project's clients use them (orchestrator, catch-up peers).

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace espresso {

// The parts of "http://host[:port][/path][?query]" (port 80 when absent).
struct HttpUrl {
  std::string host;  // name or IP literal, without IPv6 brackets
  std::uint16_t port = 80;
  std::string target = "/";  // path and query, always starting with '/'

  std::string to_string() const;
  friend bool operator==(const HttpUrl&, const HttpUrl&) = default;
};

// Only "http://" URLs are accepted (the project's services speak plain HTTP).
Result<HttpUrl> parse_http_url(std::string_view url);

// A base URL ("http://host:9000" or "http://host:9000/prefix/") joined with a path ("api/config"
// or "/api/config"), with exactly one slash between them.
std::string join_url(std::string_view base, std::string_view path);

}  // namespace espresso
