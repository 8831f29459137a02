#include "api/client/http_client.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/client/loopback_server.hpp"

namespace espresso {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

Router test_router() {
  Router router;
  EXPECT_TRUE(router.add(HttpMethod::kGet, "api", "hello", [](const HttpRequest&) {
    return json_response({{"hello", "world"}});
  }));
  EXPECT_TRUE(router.add(HttpMethod::kPost, "api", "echo", [](const HttpRequest& request) {
    return HttpResponse{201, "text/plain", request.body};
  }));
  EXPECT_TRUE(router.add(HttpMethod::kGet, "api", "busy", [](const HttpRequest&) {
    return error_response(503, "not ready: 2 of 4 registered");
  }));
  EXPECT_TRUE(router.add(HttpMethod::kGet, "api", "text", [](const HttpRequest&) {
    return HttpResponse{200, "text/plain", "plain words"};
  }));
  EXPECT_TRUE(router.add(HttpMethod::kGet, "api", "big", [](const HttpRequest&) {
    return HttpResponse{200, "text/plain", std::string(10'000, 'x')};
  }));
  return router;
}

std::unique_ptr<LoopbackServer> start_server(HttpServerOptions options = {}) {
  auto server = LoopbackServer::start(test_router(), options);
  EXPECT_TRUE(server) << server.error().message;
  return server ? std::move(*server) : nullptr;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(HttpClient, GetsJsonAndPostsRawBodies) {
  auto server = start_server();
  ASSERT_TRUE(server);
  HttpClient client;
  auto hello = client.get_json(server->url() + "/api/hello");
  ASSERT_TRUE(hello) << hello.error().message;
  EXPECT_EQ((*hello)["hello"], "world");

  auto echo = client.post(server->url() + "/v0/api/echo", "raw \x01 bytes", "text/plain");
  ASSERT_TRUE(echo) << echo.error().message;
  EXPECT_EQ(echo->status, 201);
  EXPECT_EQ(echo->body, "raw \x01 bytes");
  EXPECT_EQ(echo->content_type, "text/plain");

  auto json_echo = client.post_json(server->url() + "/api/echo", {{"k", 1}});
  ASSERT_TRUE(json_echo) << json_echo.error().message;
  EXPECT_EQ(nlohmann::json::parse(json_echo->body), (nlohmann::json{{"k", 1}}));
}

TEST(HttpClient, ReusesOneKeepAliveConnection) {
  auto server = start_server();
  ASSERT_TRUE(server);
  HttpClient client;
  for (int i = 0; i < 5; ++i) {
    auto response = client.get(server->url() + "/api/hello");
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, 200);
  }
  EXPECT_EQ(client.connections_opened(), 1u);
}

TEST(HttpClient, RedialsWhenTheServerClosedTheIdleConnection) {
  HttpServerOptions options;
  options.idle_timeout = 100ms;
  auto server = start_server(options);
  ASSERT_TRUE(server);
  HttpClient client;
  ASSERT_TRUE(client.get(server->url() + "/api/hello"));
  std::this_thread::sleep_for(400ms);  // the server drops the idle connection
  auto again = client.get(server->url() + "/api/hello");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST(HttpClient, ErrorStatusesAreResponsesAndJsonHelpersQuoteThem) {
  auto server = start_server();
  ASSERT_TRUE(server);
  HttpClient client;
  auto missing = client.get(server->url() + "/api/nothing");
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_EQ(missing->status, 404);
  EXPECT_FALSE(missing->ok());

  const std::string busy_url = server->url() + "/api/busy";
  auto busy = client.get_json(busy_url);
  ASSERT_FALSE(busy);
  EXPECT_TRUE(contains(busy.error().message, busy_url)) << busy.error().message;
  EXPECT_TRUE(contains(busy.error().message, "HTTP 503: not ready: 2 of 4 registered"))
      << busy.error().message;

  auto text = client.get_json(server->url() + "/api/text");
  ASSERT_FALSE(text);
  EXPECT_TRUE(contains(text.error().message, "not JSON: \"plain words\"")) << text.error().message;
}

// A port that nothing listens on: bind one, note it, close it.
std::uint16_t closed_port() {
  asio::io_context io;
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

TEST(HttpClient, RefusedConnectionNamesTheUrl) {
  HttpClient client;
  const std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/api/config";
  auto response = client.get(url);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().message, "GET " + url + ": connection refused");
}

TEST(HttpClient, BadUrlIsAnError) {
  HttpClient client;
  auto response = client.post("https://127.0.0.1:1/x", "body");
  ASSERT_FALSE(response);
  EXPECT_TRUE(contains(response.error().message, "POST https://127.0.0.1:1/x"))
      << response.error().message;
}

// A raw TCP server that accepts one connection, reads the request head and answers with `reply`
// (nothing when empty), then keeps the socket open until the test ends.
class RawServer {
 public:
  explicit RawServer(std::string reply)
      : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}), reply_(std::move(reply)) {
    thread_ = std::thread([this] {
      boost::system::error_code ec;
      acceptor_.accept(socket_, ec);
      if (ec) return;
      asio::streambuf head;
      asio::read_until(socket_, head, "\r\n\r\n", ec);
      if (!reply_.empty()) asio::write(socket_, asio::buffer(reply_), ec);
      std::unique_lock lock(mutex_);
      done_.wait(lock, [this] { return finished_; });
    });
  }
  ~RawServer() {
    {
      std::lock_guard lock(mutex_);
      finished_ = true;
    }
    done_.notify_all();
    thread_.join();
  }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/x";
  }

 private:
  asio::io_context io_;
  tcp::acceptor acceptor_;
  tcp::socket socket_{io_};
  std::string reply_;
  std::mutex mutex_;
  std::condition_variable done_;
  bool finished_ = false;
  std::thread thread_;
};

TEST(HttpClient, ReadTimeoutNamesTheUrlAndTheLimit) {
  RawServer silent("");
  HttpClientOptions options;
  options.read_timeout = 200ms;
  HttpClient client(options);
  const auto started = std::chrono::steady_clock::now();
  auto response = client.get(silent.url());
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().message, "GET " + silent.url() + ": no response within 200 ms");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST(HttpClient, GarbageResponseIsABadResponse) {
  RawServer garbage("SMTP ready\r\n\r\n");
  HttpClient client;
  auto response = client.get(garbage.url());
  ASSERT_FALSE(response);
  EXPECT_TRUE(contains(response.error().message, "GET " + garbage.url() + ": bad response"))
      << response.error().message;
}

TEST(HttpClient, BodyAboveTheLimitIsRefused) {
  auto server = start_server();
  ASSERT_TRUE(server);
  HttpClientOptions options;
  options.body_limit = 1000;
  HttpClient client(options);
  auto response = client.get(server->url() + "/api/big");
  ASSERT_FALSE(response) << response->status << " " << response->body.size();
  EXPECT_TRUE(contains(response.error().message, "exceeds the limit of 1000 bytes"))
      << response.error().message;
  // The client recovers for the next request.
  auto next = client.get(server->url() + "/api/hello");
  ASSERT_TRUE(next) << next.error().message;
}

}  // namespace
}  // namespace espresso
