#include "api/client/http_url.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace espresso {
namespace {

TEST(HttpUrl, ParsesHostPortAndTarget) {
  auto url = parse_http_url("http://127.0.0.1:8080/api/config?x=1");
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 8080);
  EXPECT_EQ(url->target, "/api/config?x=1");
  EXPECT_EQ(url->to_string(), "http://127.0.0.1:8080/api/config?x=1");
}

TEST(HttpUrl, DefaultsToPort80AndRootPath) {
  auto url = parse_http_url("http://orchestrator");
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(url->host, "orchestrator");
  EXPECT_EQ(url->port, 80);
  EXPECT_EQ(url->target, "/");
}

TEST(HttpUrl, AcceptsBracketedIpv6) {
  auto url = parse_http_url("http://[::1]:9000/x");
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 9000);
  EXPECT_EQ(url->to_string(), "http://[::1]:9000/x");
  auto no_port = parse_http_url("http://[::1]/x");
  ASSERT_TRUE(no_port) << no_port.error().message;
  EXPECT_EQ(no_port->port, 80);
}

TEST(HttpUrl, QueryWithoutPathGetsRootPath) {
  auto url = parse_http_url("http://h:1?a=b");
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(url->target, "/?a=b");
}

TEST(HttpUrl, RejectsBadInputQuotingIt) {
  for (const char* text : {"https://h:1/", "h:1/x", "http://", "http://:80/", "http://h:99999/",
                           "http://h:port/", "http://h:0/", "http://u@h:1/", "http://h:1/a b"}) {
    auto url = parse_http_url(text);
    ASSERT_FALSE(url) << text;
    EXPECT_NE(url.error().message.find(text), std::string::npos) << url.error().message;
  }
}

TEST(HttpUrl, JoinUsesOneSlash) {
  EXPECT_EQ(join_url("http://h:1", "api/config"), "http://h:1/api/config");
  EXPECT_EQ(join_url("http://h:1/", "/api/config"), "http://h:1/api/config");
  EXPECT_EQ(join_url("http://h:1/v0//", "status"), "http://h:1/v0/status");
}

RC_GTEST_PROP(HttpUrl, RoundTripsHostPortPath, (std::uint16_t port, std::string segment)) {
  RC_PRE(port != 0);
  std::string path = "/";
  for (char c : segment) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '/') path += c;
  }
  const std::string text = "http://node-1.example:" + std::to_string(port) + path;
  auto url = parse_http_url(text);
  RC_ASSERT(url.has_value());
  RC_ASSERT(url->port == port);
  RC_ASSERT(url->target == path);
  RC_ASSERT(url->to_string() == text);
}

}  // namespace
}  // namespace espresso
