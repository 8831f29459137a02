#include "genesis/multiaddr.hpp"

#include <gtest/gtest.h>

namespace espresso {
namespace {

TEST(Multiaddr, AcceptsCommonForms) {
  for (const char* text :
       {"/ip4/10.0.0.1/tcp/3000", "/ip4/127.0.0.1/udp/9000/quic-v1",
        "/dns/node.example/tcp/443/p2p/12D3KooWJ8ySChCUzAD7dNPgRbBk2aHv1JmCHE9cYnx4ej5oDB5L",
        "/ip6/::1/tcp/1", "/dns4/a.b/udp/65535/quic"}) {
    EXPECT_TRUE(check_multiaddr(text)) << text;
  }
}

TEST(Multiaddr, RejectsTyposWithReason) {
  const std::pair<const char*, const char*> cases[] = {
      {"ip4/10.0.0.1/tcp/3000", "start with '/'"},
      {"/ip4/10.0.0.256/tcp/3000", "bad IPv4"},
      {"/ip4/10.0.0.1/tcp/65536", "bad port"},
      {"/ip4/10.0.0.1/tcp", "missing value after /tcp"},
      {"/ipv4/10.0.0.1", "unknown protocol \"ipv4\""},
      {"/", "empty"},
      {"/ip6/zz/tcp/1", "bad IPv6"}};
  for (const auto& [text, reason] : cases) {
    auto result = check_multiaddr(text);
    ASSERT_FALSE(result) << text;
    EXPECT_NE(result.error().message.find(reason), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find(text), std::string::npos);
  }
}

}  // namespace
}  // namespace espresso
