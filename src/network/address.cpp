#include "network/address.hpp"

#include <algorithm>
#include <optional>

namespace espresso {
namespace {

std::string quote(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

bool is_ip4(std::string_view text) {
  int octets = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('.', start), text.size());
    const std::string_view octet = text.substr(start, end - start);
    if (octet.empty() || octet.size() > 3) return false;
    if (!std::ranges::all_of(octet, [](char c) { return c >= '0' && c <= '9'; })) return false;
    if (std::stoi(std::string(octet)) > 255) return false;
    ++octets;
    start = end + 1;
  }
  return octets == 4;
}

bool is_ip6(std::string_view text) {
  if (text.find(':') == std::string_view::npos) return false;
  return std::ranges::all_of(text, [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
           c == '.';
  });
}

bool is_dns_name(std::string_view text) {
  if (text.empty() || text.size() > 253 || text.front() == '.' || text.front() == '-') {
    return false;
  }
  return std::ranges::all_of(text, [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
           c == '.' || c == '_';
  });
}

// libp2p peer ids are base58btc text ("12D3KooW...", "Qm...").
bool is_peer_id(std::string_view text) {
  static constexpr std::string_view kBase58 =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  return !text.empty() && text.size() <= 128 && std::ranges::all_of(text, [](char c) {
    return kBase58.find(c) != std::string_view::npos;
  });
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(separator, start), text.size());
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string HostPort::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<HostPort> parse_host_port(std::string_view text) {
  const std::string expected = " (expected host:port, e.g. 0.0.0.0:1769 or [::1]:1769)";
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return fail("address " + quote(text) + " has no port" + expected);
  }
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    if (!is_ip6(host)) {
      return fail("address " + quote(text) + " has a bad IPv6 literal" + expected);
    }
  } else if (host.find(':') != std::string_view::npos) {
    return fail("address " + quote(text) + ": an IPv6 host must be in brackets" + expected);
  } else if (!is_ip4(host) && !is_dns_name(host)) {
    return fail("address " + quote(text) + " has a bad host " + quote(host) + expected);
  }
  const auto port = parse_port(port_text);
  if (!port) {
    return fail("address " + quote(text) + " has a bad port " + quote(port_text) +
                " (expected a number from 0 to 65535)");
  }
  return HostPort{std::string(host), *port};
}

Result<BootstrapAddress> parse_multiaddr(std::string_view text) {
  const auto bad = [&](const std::string& why) {
    return fail("multiaddress " + quote(text) + ": " + why +
                " (expected /ip4|ip6|dns|dns4|dns6/HOST/tcp/PORT[/p2p/PEERID] or "
                "/.../udp/PORT/quic-v1[/p2p/PEERID])");
  };
  if (text.empty() || text.front() != '/') return bad("does not start with '/'");
  const auto parts = split(text.substr(1), '/');
  std::size_t i = 0;
  const auto next = [&]() -> std::optional<std::string_view> {
    if (i >= parts.size()) return std::nullopt;
    return parts[i++];
  };

  BootstrapAddress out;
  const auto protocol = next();
  const auto host = next();
  if (!protocol || !host || host->empty()) return bad("missing host");
  if (*protocol == "ip4") {
    if (!is_ip4(*host)) return bad("bad IPv4 address " + quote(*host));
  } else if (*protocol == "ip6") {
    if (!is_ip6(*host)) return bad("bad IPv6 address " + quote(*host));
  } else if (*protocol == "dns" || *protocol == "dns4" || *protocol == "dns6") {
    if (!is_dns_name(*host)) return bad("bad DNS name " + quote(*host));
  } else {
    return bad("unsupported protocol " + quote(*protocol) + " for the host");
  }
  out.address.host = std::string(*host);

  const auto transport = next();
  const auto port_text = next();
  if (!transport || !port_text) return bad("missing /tcp/PORT");
  const auto port = parse_port(*port_text);
  if (!port || *port == 0) return bad("bad port " + quote(*port_text));
  out.address.port = *port;
  if (*transport == "udp") {
    const auto quic = next();
    if (!quic || (*quic != "quic-v1" && *quic != "quic")) {
      return bad("a /udp/ port must be followed by /quic-v1");
    }
    out.named_transport = MultiaddrTransport::quic_v1;
  } else if (*transport != "tcp") {
    return bad("unsupported transport " + quote(*transport));
  }

  if (const auto p2p = next()) {
    if (*p2p != "p2p") return bad("unexpected part " + quote(*p2p));
    const auto id = next();
    if (!id || !is_peer_id(*id)) return bad("bad peer id " + quote(id.value_or("")));
    out.peer_id = std::string(*id);
  }
  if (i != parts.size()) return bad("unexpected trailing part " + quote(parts[i]));
  return out;
}

Result<std::vector<BootstrapAddress>> parse_bootstrap_nodes(std::string_view text) {
  std::vector<BootstrapAddress> out;
  if (trim(text).empty()) return out;
  for (std::string_view entry : split(text, ',')) {
    entry = trim(entry);
    if (entry.empty()) return fail("bootstrap nodes " + quote(text) + " contain an empty entry");
    auto address = parse_multiaddr(entry);
    if (!address) return fail(std::move(address).error());
    out.push_back(std::move(*address));
  }
  return out;
}

}  // namespace espresso
