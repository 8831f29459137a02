#pragma once
// Tests only: a blocking Beast websocket client and a raw upgrade request, for loopback tests of
// the streams.

#include <optional>
#include <string>
#include <utility>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "api/websocket_test_support.hpp"

namespace espresso::streams::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using nlohmann::json;

// Reads JSON frames.
struct WsClient {
  asio::io_context io;
  websocket::stream<tcp::socket> ws{io};
  beast::error_code handshake_error;

  WsClient(std::uint16_t port, const std::string& target) {
    ws.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
    ws.handshake("127.0.0.1", target, handshake_error);
  }
  std::optional<json> read() {
    beast::flat_buffer buffer;
    beast::error_code ec;
    ws.read(buffer, ec);
    if (ec) return std::nullopt;
    return json::parse(beast::buffers_to_string(buffer.data()));
  }
};

// The HTTP status the server answers an upgrade request with (Beast's client handshake hides it).
inline int upgrade_status(std::uint16_t port, const std::string& target) {
  return espresso::testing::refused_upgrade(port, target).result_int();
}

}  // namespace espresso::streams::testing
