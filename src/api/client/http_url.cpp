#include "api/client/http_url.hpp"

#include "network/address.hpp"

namespace espresso {

std::string HttpUrl::to_string() const {
  return "http://" + HostPort{host, port}.to_string() + target;
}

Result<HttpUrl> parse_http_url(std::string_view url) {
  const auto bad = [url](std::string_view problem) {
    return fail("URL \"" + std::string(url) + "\": " + std::string(problem));
  };
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) {
    return bad("expected http://host:port/path (only plain http is supported)");
  }
  std::string_view rest = url.substr(kScheme.size());
  const std::size_t target_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, target_start);
  if (authority.empty()) return bad("missing host");
  if (authority.find('@') != std::string_view::npos) return bad("user info is not supported");

  // Without a port ("host" or "[::1]"), HTTP's default 80 applies.
  const bool bracketed = authority.starts_with('[');
  const std::size_t last_colon = authority.rfind(':');
  const bool has_port =
      bracketed ? authority.ends_with("]") == false : last_colon != std::string_view::npos;
  std::string with_port(authority);
  if (!has_port) with_port += ":80";
  auto host_port = parse_host_port(with_port);
  if (!host_port) return bad(host_port.error().message);
  if (host_port->port == 0) return bad("port 0 cannot be dialled");

  HttpUrl parsed;
  parsed.host = host_port->host;
  parsed.port = host_port->port;
  if (target_start != std::string_view::npos) {
    parsed.target = std::string(rest.substr(target_start));
    if (parsed.target.starts_with('?')) parsed.target.insert(0, "/");
  }
  if (parsed.target.find_first_of(" \r\n\t") != std::string::npos) {
    return bad("the path contains whitespace");
  }
  return parsed;
}

std::string join_url(std::string_view base, std::string_view path) {
  while (base.ends_with('/')) base.remove_suffix(1);
  while (path.starts_with('/')) path.remove_prefix(1);
  return std::string(base) + "/" + std::string(path);
}

}  // namespace espresso
