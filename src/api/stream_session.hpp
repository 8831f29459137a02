#pragma once
// The WebSocket side of the HTTP server (internal: included only by http_server.cpp and
// stream_session.cpp, the two Beast translation units).

#include <memory>
#include <utility>  // before asio with Boost 1.74 + g++ 12 (DESIGN.md §3)

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "api/stream.hpp"

namespace espresso::detail {

// A connection the server closes when it stops.
class ServerConnection {
 public:
  virtual ~ServerConnection() = default;
  virtual void close() = 0;
};

struct StreamSessionOptions {
  StreamLimits limits;
  std::chrono::milliseconds idle_timeout{30'000};
};

// Completes the WebSocket handshake for `upgrade` (read from `socket`) and runs `handler` on the
// stream. `connection_slot` is kept until the stream ends, so the connection limit counts it.
// Must be called on the socket's io thread; everything the session does runs there, except the
// sink, which any thread may use.
std::shared_ptr<ServerConnection> start_stream_session(
    boost::asio::ip::tcp::socket socket,
    boost::beast::http::request<boost::beast::http::string_body> upgrade, StreamHandler handler,
    StreamSessionOptions options, std::shared_ptr<void> connection_slot);

}  // namespace espresso::detail
