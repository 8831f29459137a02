#pragma once
// A light check of libp2p multiaddresses in text form ("/ip4/1.2.3.4/tcp/3000/p2p/12D3..."), enough
// to reject typos in [network] bootstrap_nodes before the node starts.

#include <string_view>

#include "common/result.hpp"

namespace espresso {

// Known protocols: ip4, ip6, dns, dns4, dns6 (one value each), tcp and udp (a port 0-65535), p2p (a
// peer id), and quic, quic-v1 (no value). Errors quote the address and name the bad part.
Status check_multiaddr(std::string_view text);

}  // namespace espresso
