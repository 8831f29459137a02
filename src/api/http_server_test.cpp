// Loopback tests of the server with a small synchronous Beast client (the only test TU with Beast).
#include "api/http_server.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <prometheus/registry.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "api/config_module.hpp"
#include "api/node_metrics.hpp"
#include "api/status_module.hpp"
#include "api/submit_module.hpp"

namespace espresso {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// A blocking client connection whose reads and writes give up after two seconds.
class Client {
 public:
  explicit Client(std::uint16_t port) : socket_(io_) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
    timeval timeout{2, 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  }

  // Sends a request; returns the response, or status 0 when the connection failed.
  http::response<http::string_body> send(http::verb verb, std::string target, std::string body = {},
                                         bool keep_alive = true) {
    http::request<http::string_body> request(verb, target, 11);
    request.set(http::field::host, "127.0.0.1");
    request.keep_alive(keep_alive);
    request.body() = std::move(body);
    request.prepare_payload();
    beast::error_code ec;
    http::write(socket_, request, ec);
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    if (!ec) http::read(socket_, buffer_, parser, ec);
    if (ec) return http::response<http::string_body>(http::status::unknown, 11);
    return parser.release();
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

class ServerFixture : public ::testing::Test {
 protected:
  void start(HttpServerOptions options, Router router) {
    options.bind_address = "127.0.0.1";
    options.port = 0;
    auto server = HttpServer::start(io_, options, std::move(router));
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    ASSERT_NE(server_->port(), 0);
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    if (server_) server_->stop();
    work_.reset();
    if (thread_.joinable()) thread_.join();
  }
  std::uint16_t port() const { return server_->port(); }

  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{
      asio::make_work_guard(io_)};
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

Router echo_router() {
  Router router;
  EXPECT_TRUE(router.add(HttpMethod::kGet, "status", "block-height",
                         [](const HttpRequest&) { return json_response(42); }));
  EXPECT_TRUE(router.add(HttpMethod::kPost, "submit", "echo", [](const HttpRequest& request) {
    return HttpResponse{200, "text/plain", request.body};
  }));
  return router;
}

TEST_F(ServerFixture, ServesRoutesUnderAllPrefixesOnOneKeepAliveConnection) {
  start({}, echo_router());
  Client client(port());
  for (std::string target :
       {"/v0/status/block-height", "/v1/status/block-height", "/status/block-height?x=1"}) {
    auto response = client.send(http::verb::get, target);
    EXPECT_EQ(response.result_int(), 200) << target;
    EXPECT_EQ(response.body(), "42");
    EXPECT_EQ(response[http::field::content_type], "application/json");
  }
}

TEST_F(ServerFixture, ErrorsAreJson) {
  start({}, echo_router());
  Client client(port());
  auto missing = client.send(http::verb::get, "/v0/unknown/route");
  EXPECT_EQ(missing.result_int(), 404);
  EXPECT_EQ(nlohmann::json::parse(missing.body())["status"], 404);
  auto wrong_method = client.send(http::verb::get, "/submit/echo");
  EXPECT_EQ(wrong_method.result_int(), 405);
}

TEST_F(ServerFixture, OversizedBodyIs413) {
  HttpServerOptions options;
  options.body_limit = 1000;
  start(options, echo_router());
  EXPECT_EQ(Client(port()).send(http::verb::post, "/submit/echo", std::string(999, 'a')).body(),
            std::string(999, 'a'));
  auto response = Client(port()).send(http::verb::post, "/submit/echo", std::string(1001, 'a'));
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_NE(response.body().find("1000"), std::string::npos);
}

TEST_F(ServerFixture, ConnectionLimitAnswers503AndFreesSlotsOnClose) {
  HttpServerOptions options;
  options.max_connections = 2;
  start(options, echo_router());
  auto first = std::make_unique<Client>(port());
  Client second(port());
  ASSERT_EQ(first->send(http::verb::get, "/status/block-height").result_int(), 200);
  ASSERT_EQ(second.send(http::verb::get, "/status/block-height").result_int(), 200);
  auto rejected = Client(port()).send(http::verb::get, "/status/block-height");
  EXPECT_EQ(rejected.result_int(), 503);
  EXPECT_NE(rejected.body().find("too many connections"), std::string::npos);

  first.reset();  // the server notices the close and frees the slot
  int status = 0;
  for (int attempt = 0; attempt < 100 && status != 200; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    status = Client(port()).send(http::verb::get, "/status/block-height", {}, false).result_int();
  }
  EXPECT_EQ(status, 200);
}

TEST_F(ServerFixture, MalformedRequestIs400) {
  start({}, echo_router());
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port()});
  timeval timeout{2, 0};
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  asio::write(socket,
              asio::buffer(std::string("GET /status/block-height HTTP/1.1\r\nBad Header\r\n\r\n")));
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  beast::error_code ec;
  http::read(socket, buffer, response, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_NE(response.body().find("malformed"), std::string::npos);
}

TEST_F(ServerFixture, StopClosesOpenConnections) {
  start({}, echo_router());
  Client client(port());
  ASSERT_EQ(client.send(http::verb::get, "/status/block-height").result_int(), 200);
  server_->stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(client.send(http::verb::get, "/status/block-height").result_int(), 0);
}

struct NullSink : TransactionSink {
  Result<Hash32> submit(const Transaction& transaction) override {
    return commit(transaction).digest;
  }
};

struct ZeroStatus : StatusSource {
  std::uint64_t block_height() const override { return 5; }
  double success_rate() const override { return 1.0; }
  std::uint64_t seconds_since_last_decide() const override { return 0; }
};

// Every module behind one server, as the node wires them.
TEST_F(ServerFixture, ModulesOverTheWire) {
  NullSink sink;
  ZeroStatus status;
  prometheus::Registry registry;
  NodeMetrics metrics(registry);
  Router router;
  ASSERT_TRUE(register_submit_routes(router, sink));
  ASSERT_TRUE(register_status_routes(router, status, registry));
  ASSERT_TRUE(
      register_config_routes(router, {{"num_nodes", 4}, {"private_key", "K"}},
                             {{"ESPRESSO_SEQUENCER_API_PORT", "1"},
                              {"ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY", "BLS_SIGNING_KEY~x"}}));
  HttpServerOptions options;
  options.body_limit = 4096;
  start(options, std::move(router));
  Client client(port());

  std::ifstream file(ESEQ_VECTORS_DIR "/espresso-v1/transaction.json");
  std::stringstream vector;
  vector << file.rdbuf();
  for (std::string prefix : {"/v0", "/v1", ""}) {
    auto submitted = client.send(http::verb::post, prefix + "/submit/submit", vector.str());
    EXPECT_EQ(submitted.result_int(), 200) << submitted.body();
    // tests/vectors/README.md: commitment of espresso-v1/transaction.json.
    EXPECT_EQ(submitted.body(), "\"TX~EikfLslj3g6sIWRZYpN6ZuU1gadN77AHXmRA56yNnPrQ\"");
  }
  auto oversized = client.send(http::verb::post, "/v1/submit/submit", std::string(5000, ' '));
  EXPECT_EQ(oversized.result_int(), 413);

  Client second(port());
  auto bad = second.send(http::verb::post, "/submit/submit", "[1,");
  EXPECT_EQ(bad.result_int(), 400);
  auto metrics_text = second.send(http::verb::get, "/v0/status/metrics");
  EXPECT_EQ(metrics_text[http::field::content_type], "text/plain; version=0.0.4");
  EXPECT_NE(metrics_text.body().find("consensus_outstanding_transactions"), std::string::npos);
  EXPECT_EQ(second.send(http::verb::get, "/status/block-height").body(), "5");
  auto env = second.send(http::verb::get, "/v1/config/env");
  EXPECT_EQ(env.body(), R"({"ESPRESSO_SEQUENCER_API_PORT":"1"})");
  auto hotshot = second.send(http::verb::get, "/config/hotshot");
  EXPECT_EQ(hotshot.body(), R"({"num_nodes":4})");
}

TEST(HttpServer, RejectsBadBindAddress) {
  asio::io_context io;
  HttpServerOptions options;
  options.bind_address = "not-an-ip";
  auto server = HttpServer::start(io, options, Router{});
  ASSERT_FALSE(server);
  EXPECT_NE(server.error().message.find("not-an-ip"), std::string::npos);
}

}  // namespace
}  // namespace espresso
