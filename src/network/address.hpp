#pragma once
// Addresses the transport binds to, advertises and dials.
//
// Bind and advertise addresses come from the seed's `--libp2p-bind-address` and
// `--libp2p-advertise-address` in `host:port` form; we run TCP + TLS on them (not libp2p).
// Bootstrap peers come in libp2p multiaddress form; we read the host and port out of it and dial
// TCP there. A `/udp/PORT/quic-v1` address is accepted and dialled over TCP on the same port.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace espresso {

struct HostPort {
  std::string host;  // name, IPv4 or IPv6 literal (without brackets)
  std::uint16_t port = 0;

  std::string to_string() const;  // brackets an IPv6 literal: "[::1]:80"
  friend bool operator==(const HostPort&, const HostPort&) = default;
};

// "host:port", "1.2.3.4:port" or "[v6 literal]:port". The port may be 0 (bind: OS chooses).
Result<HostPort> parse_host_port(std::string_view text);

// The transport protocol an address named; we dial TCP in both cases.
enum class MultiaddrTransport { tcp, quic_v1 };

struct BootstrapAddress {
  HostPort address;
  MultiaddrTransport named_transport = MultiaddrTransport::tcp;
  std::string peer_id;  // the /p2p/ part, empty when absent; informational (see docs/network.md)
};

// /ip4/A/tcp/P[/p2p/ID], /ip6/A/..., /dns|dns4|dns6/HOST/tcp/P[/p2p/ID], and the same with
// /udp/P/quic-v1 (or /udp/P/quic) in place of /tcp/P.
Result<BootstrapAddress> parse_multiaddr(std::string_view text);

// A comma-separated list of multiaddresses, as `--libp2p-bootstrap-nodes` takes them; blanks around
// entries are ignored, empty entries are errors.
Result<std::vector<BootstrapAddress>> parse_bootstrap_nodes(std::string_view text);

}  // namespace espresso
