#include "network/address.hpp"

#include <gtest/gtest.h>

namespace espresso {
namespace {

TEST(HostPort, ParsesNamesIpv4AndBracketedIpv6) {
  EXPECT_EQ(parse_host_port("0.0.0.0:1769").value(), (HostPort{"0.0.0.0", 1769}));
  EXPECT_EQ(parse_host_port("node-1.example:80").value(), (HostPort{"node-1.example", 80}));
  EXPECT_EQ(parse_host_port("[::1]:0").value(), (HostPort{"::1", 0}));
  EXPECT_EQ((HostPort{"::1", 5}).to_string(), "[::1]:5");
  EXPECT_EQ((HostPort{"127.0.0.1", 5}).to_string(), "127.0.0.1:5");
}

TEST(HostPort, RejectsWithTheInputQuoted) {
  for (const char* bad : {"1.2.3.4", "1.2.3.4:", "1.2.3.4:65536", "::1:80", "host:port", ":80",
                          "1.2.3.4:8x", "bad host:1"}) {
    const auto result = parse_host_port(bad);
    ASSERT_FALSE(result) << bad;
    EXPECT_NE(result.error().message.find(std::string("\"") + bad + "\""), std::string::npos)
        << result.error().message;
  }
}

constexpr const char* kPeerId = "12D3KooWJ2CVoGNhV1M3fh2ZZ4xbpJjZEL5YaZA2pYBNQTrGDEbf";

TEST(Multiaddr, ParsesTcpDnsAndQuicForms) {
  const auto tcp = parse_multiaddr(std::string("/ip4/1.2.3.4/tcp/3000/p2p/") + kPeerId).value();
  EXPECT_EQ(tcp.address, (HostPort{"1.2.3.4", 3000}));
  EXPECT_EQ(tcp.named_transport, MultiaddrTransport::tcp);
  EXPECT_EQ(tcp.peer_id, kPeerId);

  const auto dns = parse_multiaddr(std::string("/dns/node.example.com/tcp/31000/p2p/") + kPeerId);
  ASSERT_TRUE(dns) << dns.error().message;
  EXPECT_EQ(dns->address, (HostPort{"node.example.com", 31000}));

  const auto quic = parse_multiaddr(std::string("/ip4/10.0.0.1/udp/1769/quic-v1/p2p/") + kPeerId);
  ASSERT_TRUE(quic) << quic.error().message;
  EXPECT_EQ(quic->address, (HostPort{"10.0.0.1", 1769}));
  EXPECT_EQ(quic->named_transport, MultiaddrTransport::quic_v1);

  const auto bare = parse_multiaddr("/ip6/::1/tcp/9").value();
  EXPECT_EQ(bare.address, (HostPort{"::1", 9}));
  EXPECT_TRUE(bare.peer_id.empty());
}

TEST(Multiaddr, RejectsBadPartsNamingThem) {
  const std::pair<const char*, const char*> cases[] = {
      {"ip4/1.2.3.4/tcp/1", "does not start with '/'"},
      {"/ip4/1.2.3.999/tcp/1", "bad IPv4 address \"1.2.3.999\""},
      {"/unix/x/tcp/1", "unsupported protocol \"unix\""},
      {"/ip4/1.2.3.4/tcp/70000", "bad port \"70000\""},
      {"/ip4/1.2.3.4/udp/1", "must be followed by /quic-v1"},
      {"/ip4/1.2.3.4/sctp/1", "unsupported transport \"sctp\""},
      {"/ip4/1.2.3.4/tcp/1/p2p/0OIl", "bad peer id \"0OIl\""},
      {"/ip4/1.2.3.4/tcp/1/ws", "unexpected part \"ws\""},
      {"/ip4/1.2.3.4", "missing /tcp/PORT"},
  };
  for (const auto& [text, reason] : cases) {
    const auto result = parse_multiaddr(text);
    ASSERT_FALSE(result) << text;
    EXPECT_NE(result.error().message.find(reason), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find(text), std::string::npos);
  }
}

TEST(Multiaddr, ParsesCommaSeparatedBootstrapList) {
  const auto list = parse_bootstrap_nodes(" /ip4/1.2.3.4/tcp/1 , /dns/a.b/udp/2/quic-v1/p2p/" +
                                          std::string(kPeerId));
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[1].address.port, 2);
  EXPECT_TRUE(parse_bootstrap_nodes("").value().empty());
  EXPECT_FALSE(parse_bootstrap_nodes("/ip4/1.2.3.4/tcp/1,,/ip4/1.2.3.4/tcp/2"));
}

}  // namespace
}  // namespace espresso
