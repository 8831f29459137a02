// Loopback tests of the server's WebSocket streams with a synchronous Beast websocket client.
#include <atomic>
#include <chrono>
#include <thread>
#include <utility>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/http_server.hpp"
#include "api/websocket_test_support.hpp"

namespace espresso {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// Runs `body(stop flag, sink)` on its own thread; counts destructions so tests see cleanup.
class ThreadTask final : public StreamTask {
 public:
  using Body = std::function<void(const std::atomic<bool>& stop, StreamSink& sink)>;
  ThreadTask(std::shared_ptr<StreamSink> sink, Body body, std::atomic<int>& destroyed)
      : destroyed_(destroyed),
        thread_([this, sink = std::move(sink), body = std::move(body)] { body(stop_, *sink); }) {}
  ~ThreadTask() override {
    stop_ = true;
    thread_.join();
    ++destroyed_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int>& destroyed_;
  std::thread thread_;
};

// Blocking websocket client.
struct WsClient {
  asio::io_context io;
  websocket::stream<tcp::socket> ws{io};
  beast::error_code handshake_error;

  WsClient(std::uint16_t port, const std::string& target) {
    ws.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
    ws.handshake("127.0.0.1", target, handshake_error);
  }
  // The next text frame, or nothing when the stream ended (see close_reason()).
  std::optional<std::string> read() {
    beast::flat_buffer buffer;
    beast::error_code ec;
    ws.read(buffer, ec);
    if (ec) return std::nullopt;
    return beast::buffers_to_string(buffer.data());
  }
};

using espresso::testing::refused_upgrade;

class StreamServer : public ::testing::Test {
 protected:
  void start(StreamResolver resolver, HttpServerOptions options = {}) {
    options.bind_address = "127.0.0.1";
    options.streams = std::move(resolver);
    auto server = HttpServer::start(io_, options, Router());
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    if (server_) server_->stop();
    work_.reset();
    if (thread_.joinable()) thread_.join();
  }
  std::uint16_t port() const { return server_->port(); }

  // A resolver that accepts "/v0/test/stream/<anything>" with a ThreadTask running `body`,
  // and answers "/test/stream/bad" with a 400.
  StreamResolver resolver(ThreadTask::Body body) {
    return [this, body](const HttpRequest& request) -> StreamResolution {
      if (request.path == "/test/stream/bad") {
        return tl::unexpected(error_response(400, "bad stream parameter"));
      }
      if (request.path.rfind("/v0/test/stream/", 0) != 0) return std::nullopt;
      return StreamHandler([this, body](std::shared_ptr<StreamSink> sink) {
        return std::make_unique<ThreadTask>(std::move(sink), body, destroyed_);
      });
    };
  }

  bool wait_destroyed(int count) {
    for (int i = 0; i < 200 && destroyed_ < count; ++i) std::this_thread::sleep_for(10ms);
    return destroyed_ == count;
  }

  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{
      asio::make_work_guard(io_)};
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  std::atomic<int> destroyed_{0};
};

TEST_F(StreamServer, StreamsFramesAndClosesWithTheSinksReason) {
  start(resolver([](const std::atomic<bool>&, StreamSink& sink) {
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(sink.send("frame " + std::to_string(i)));
    sink.close("all sent");
  }));
  WsClient client(port(), "/v0/test/stream/1");
  ASSERT_FALSE(client.handshake_error) << client.handshake_error.message();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(client.read(), "frame " + std::to_string(i));
  EXPECT_EQ(client.read(), std::nullopt);
  EXPECT_EQ(client.ws.reason().code, websocket::close_code::normal);
  EXPECT_EQ(std::string(client.ws.reason().reason.c_str()), "all sent");
  EXPECT_TRUE(wait_destroyed(1));
}

TEST_F(StreamServer, RefusedPathGets404AndBadParameterItsError) {
  start(resolver([](const std::atomic<bool>&, StreamSink&) {}));
  WsClient unknown(port(), "/v0/other/stream");
  EXPECT_TRUE(unknown.handshake_error);
  auto not_found = refused_upgrade(port(), "/v0/other/stream");
  EXPECT_EQ(not_found.result_int(), 404);
  EXPECT_EQ(nlohmann::json::parse(not_found.body())["status"], 404);

  auto bad = refused_upgrade(port(), "/test/stream/bad");
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_EQ(nlohmann::json::parse(bad.body())["message"], "bad stream parameter");
  EXPECT_EQ(destroyed_, 0);
}

TEST_F(StreamServer, ClientDisconnectStopsTheProducer) {
  std::atomic<bool> stopped_by_server{false};
  start(resolver([&](const std::atomic<bool>& stop, StreamSink& sink) {
    while (!stop && sink.is_open()) {
      if (sink.wait_for_room(10ms)) sink.send("tick");
    }
    stopped_by_server = true;
  }));
  {
    WsClient client(port(), "/v0/test/stream/ticks");
    ASSERT_FALSE(client.handshake_error);
    EXPECT_EQ(client.read(), "tick");
    beast::error_code ignored;
    client.ws.next_layer().close(ignored);  // abrupt: no close frame
  }
  EXPECT_TRUE(wait_destroyed(1));
  EXPECT_TRUE(stopped_by_server);
}

TEST_F(StreamServer, SlowConsumerIsClosedWithAClearReason) {
  std::atomic<bool> refused{false};
  HttpServerOptions options;
  options.stream_limits = {8, 1 << 20};
  start(resolver([&](const std::atomic<bool>& stop, StreamSink& sink) {
          // Never waits for room: far more than the socket buffers and the queue hold.
          const std::string big(64 << 10, 'x');
          for (int i = 0; i < 10'000 && !stop; ++i) {
            if (!sink.send(big)) {
              refused = true;
              return;
            }
          }
        }),
        options);
  WsClient client(port(), "/v0/test/stream/flood");
  ASSERT_FALSE(client.handshake_error);
  for (int i = 0; i < 200 && !refused; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(refused);
  int frames = 0;
  while (client.read()) ++frames;
  EXPECT_LT(frames, 10'000);
  EXPECT_EQ(client.ws.reason().code, websocket::close_code::policy_error);
  EXPECT_NE(std::string(client.ws.reason().reason.c_str()).find("slow consumer"),
            std::string::npos);
  EXPECT_TRUE(wait_destroyed(1));
}

TEST_F(StreamServer, StreamsHoldAConnectionSlotAndServerStopEndsThem) {
  HttpServerOptions options;
  options.max_connections = 1;
  start(resolver([](const std::atomic<bool>& stop, StreamSink& sink) {
          while (!stop && sink.is_open()) std::this_thread::sleep_for(5ms);
        }),
        options);
  WsClient first(port(), "/v0/test/stream/a");
  ASSERT_FALSE(first.handshake_error);
  EXPECT_EQ(refused_upgrade(port(), "/v0/test/stream/b").result_int(), 503);

  server_->stop();
  EXPECT_EQ(first.read(), std::nullopt);
  EXPECT_TRUE(wait_destroyed(1));
}

}  // namespace
}  // namespace espresso
