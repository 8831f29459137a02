#pragma once
// HTTP/1.1 server (Boost.Beast, hidden in http_server.cpp) that serves a Router on an io_context.
//
// Connection limit: a connection accepted while `max_connections` are open gets its request read,
// then a 503 JSON error with "Connection: close", and is closed (it is not left waiting).
// Bodies above `body_limit` get 413 and the connection is closed; unparsable requests get 400.
//
// WebSocket: a request with `Upgrade: websocket` goes to `streams` (api/stream.hpp) first; a path
// it accepts is upgraded and streamed (the connection keeps its slot of the limit until the
// stream ends), a stream path with bad parameters gets the resolver's error, and any other path
// is answered by the router as a plain request (404 JSON error for an unknown path).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>  // before asio with Boost 1.74 + g++ 12 (DESIGN.md §3)

#include <boost/asio/io_context.hpp>

#include "api/router.hpp"
#include "api/stream.hpp"
#include "common/result.hpp"

namespace espresso {

struct HttpServerOptions {
  std::string bind_address = "0.0.0.0";
  std::uint16_t port = 0;  // 0: the OS picks one; see HttpServer::port()
  std::size_t max_connections = 100;
  std::size_t body_limit = 1 << 20;                // bytes
  std::chrono::milliseconds idle_timeout{30'000};  // also a stream's, with keep-alive pings
  StreamResolver streams;                          // empty: no WebSocket streams
  StreamLimits stream_limits;
};

class HttpServer {
 public:
  // Binds and starts accepting; handlers run on `io` (which the caller runs, on one thread or
  // through a strand: the server's state is not locked). `io` must outlive the server.
  static Result<std::unique_ptr<HttpServer>> start(boost::asio::io_context& io,
                                                   HttpServerOptions options, Router router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The port actually bound.
  std::uint16_t port() const;

  // Stops accepting and closes every connection; safe from any thread, idempotent.
  void stop();

  struct State;

 private:
  explicit HttpServer(std::shared_ptr<State> state);
  std::shared_ptr<State> state_;
};

}  // namespace espresso
