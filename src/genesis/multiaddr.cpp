#include "genesis/multiaddr.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace espresso {
namespace {

std::vector<std::string_view> split_path(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 1;  // skip the leading '/'
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('/', start), text.size());
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool is_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return false;
  std::uint32_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return value <= 65535;
}

bool is_ip4(std::string_view text) {
  int parts = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('.', start), text.size());
    const std::string_view octet = text.substr(start, end - start);
    if (octet.empty() || octet.size() > 3) return false;
    int value = 0;
    for (char c : octet) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    if (value > 255) return false;
    ++parts;
    start = end + 1;
  }
  return parts == 4;
}

bool is_ip6(std::string_view text) {
  if (text.size() < 2) return false;
  for (char c : text) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != ':' && c != '.') return false;
  }
  return text.find(':') != std::string_view::npos;
}

}  // namespace

Status check_multiaddr(std::string_view text) {
  const auto error = [&](const std::string& what) {
    return fail("invalid multiaddress \"" + std::string(text) + "\": " + what +
                " (expected e.g. /ip4/10.0.0.1/tcp/3000 or /dns/node.example/udp/3000/quic-v1)");
  };
  if (!text.starts_with('/')) return error("must start with '/'");
  const auto parts = split_path(text);
  if (parts.empty() || parts[0].empty()) return error("empty");
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string_view protocol = parts[i];
    if (protocol == "quic" || protocol == "quic-v1") continue;
    const bool known = protocol == "ip4" || protocol == "ip6" || protocol == "dns" ||
                       protocol == "dns4" || protocol == "dns6" || protocol == "tcp" ||
                       protocol == "udp" || protocol == "p2p";
    if (!known) return error("unknown protocol \"" + std::string(protocol) + "\"");
    if (i + 1 >= parts.size() || parts[i + 1].empty()) {
      return error("missing value after /" + std::string(protocol));
    }
    const std::string_view value = parts[++i];
    if ((protocol == "tcp" || protocol == "udp") && !is_port(value)) {
      return error("bad port \"" + std::string(value) + "\"");
    }
    if (protocol == "ip4" && !is_ip4(value))
      return error("bad IPv4 address \"" + std::string(value) + "\"");
    if (protocol == "ip6" && !is_ip6(value))
      return error("bad IPv6 address \"" + std::string(value) + "\"");
  }
  return {};
}

}  // namespace espresso
