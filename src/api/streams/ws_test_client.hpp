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
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  http::request<http::empty_body> request(http::verb::get, target, 11);
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::upgrade, "websocket");
  request.set(http::field::connection, "upgrade");
  request.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  request.set(http::field::sec_websocket_version, "13");
  http::write(socket, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(socket, buffer, response);
  return response.result_int();
}

}  // namespace espresso::streams::testing
