// The only translation unit of the client that includes Boost.Beast (DESIGN.md: Beast TUs are slow
// to compile, so headers stay Beast-free).
#include "api/client/http_client.hpp"

#include <optional>
#include <utility>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "network/address.hpp"

namespace espresso {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

http::verb to_verb(HttpMethod method) {
  switch (method) {
    case HttpMethod::kGet:
      return http::verb::get;
    case HttpMethod::kPost:
      return http::verb::post;
    case HttpMethod::kPut:
      return http::verb::put;
    case HttpMethod::kDelete:
      return http::verb::delete_;
    case HttpMethod::kOther:
      break;
  }
  return http::verb::unknown;
}

std::string millis(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

// Errors a server produces by closing an idle keep-alive connection before our request reached it.
bool looks_like_stale_connection(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::eof;
}

struct Exchange {
  Result<HttpClientResponse> response;
  bool stale = false;  // the kept connection was found closed; a fresh one may succeed
};

}  // namespace

constexpr std::size_t kReadBufferBytes = 256 * 1024;

struct HttpClient::Impl {
  HttpClientOptions options;
  asio::io_context io;
  std::optional<beast::tcp_stream> stream;
  HttpUrl connected;  // host and port of `stream`
  beast::flat_buffer buffer;
  std::size_t opened = 0;

  explicit Impl(HttpClientOptions opts) : options(opts) {
    // Beast reads at most the buffer's free capacity per call (512 bytes minimum): without room
    // reserved, a 1 MB body took hundreds of small reads, each arming the stream's timer.
    buffer.reserve(kReadBufferBytes);
  }

  // Runs the queued operation to completion; every operation carries its own deadline.
  void run() {
    io.restart();
    io.run();
  }

  void close() {
    if (!stream) return;
    beast::error_code ignored;
    stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream->close();
    stream.reset();
    buffer.clear();
  }

  Status connect(const HttpUrl& url, const std::string& what) {
    close();
    tcp::resolver resolver(io);
    beast::error_code ec;
    tcp::resolver::results_type endpoints;
    bool resolved = false;
    resolver.async_resolve(url.host, std::to_string(url.port),
                           [&](beast::error_code error, tcp::resolver::results_type results) {
                             ec = error;
                             endpoints = std::move(results);
                             resolved = true;
                           });
    io.restart();
    io.run_for(options.connect_timeout);
    if (!resolved) {
      resolver.cancel();
      run();
      return fail(what + ": looking up host \"" + url.host + "\" took longer than " +
                  millis(options.connect_timeout));
    }
    if (ec) return fail(what + ": cannot resolve host \"" + url.host + "\": " + ec.message());

    stream.emplace(io);
    stream->expires_after(options.connect_timeout);
    stream->async_connect(endpoints,
                          [&](beast::error_code error, const tcp::endpoint&) { ec = error; });
    run();
    if (ec) {
      stream.reset();
      if (ec == beast::error::timeout) {
        return fail(what + ": connect timed out after " + millis(options.connect_timeout));
      }
      if (ec == asio::error::connection_refused) return fail(what + ": connection refused");
      return fail(what + ": cannot connect: " + ec.message());
    }
    // Requests and responses are small and strictly alternate: never hold one back for Nagle.
    beast::error_code ignored;
    stream->socket().set_option(tcp::no_delay(true), ignored);
    ++opened;
    connected = url;
    return {};
  }

  Exchange exchange(HttpMethod method, const HttpUrl& url, const std::string& body,
                    std::string_view content_type, std::string_view accept,
                    const std::string& what) {
    http::request<http::string_body> request(to_verb(method), url.target, 11);
    request.set(http::field::host, HostPort{url.host, url.port}.to_string());
    request.set(http::field::user_agent, "espresso-cpp");
    if (!accept.empty()) {
      request.set(http::field::accept, beast::string_view(accept.data(), accept.size()));
    }
    request.keep_alive(true);
    if (method == HttpMethod::kPost || method == HttpMethod::kPut || !body.empty()) {
      if (!content_type.empty()) {
        request.set(http::field::content_type,
                    beast::string_view(content_type.data(), content_type.size()));
      }
      request.body() = body;
    }
    request.prepare_payload();

    beast::error_code ec;
    stream->expires_after(options.read_timeout);
    http::async_write(*stream, request, [&](beast::error_code error, std::size_t) { ec = error; });
    run();
    if (ec) {
      const bool stale = looks_like_stale_connection(ec);
      close();
      if (ec == beast::error::timeout) {
        return {
            fail(what + ": sending the request timed out after " + millis(options.read_timeout)),
            false};
      }
      return {fail(what + ": sending the request failed: " + ec.message()), stale};
    }

    http::response_parser<http::string_body> parser;
    parser.body_limit(options.body_limit);
    stream->expires_after(options.read_timeout);
    http::async_read_header(*stream, buffer, parser,
                            [&](beast::error_code error, std::size_t) { ec = error; });
    run();
    // Checked here as well as by the parser: the parser's own check did not trigger on a
    // Content-Length above the limit in our tests (Boost 1.74).
    const auto declared = parser.content_length();
    if (!ec && declared && *declared > options.body_limit) ec = http::error::body_limit;
    if (!ec) {
      http::async_read(*stream, buffer, parser,
                       [&](beast::error_code error, std::size_t) { ec = error; });
      run();
    }
    if (!ec && parser.get().body().size() > options.body_limit) ec = http::error::body_limit;
    if (ec) {
      const bool stale = looks_like_stale_connection(ec) && !parser.got_some();
      close();
      if (ec == beast::error::timeout) {
        return {fail(what + ": no response within " + millis(options.read_timeout)), false};
      }
      if (ec == http::error::body_limit) {
        return {fail(what + ": bad response: body exceeds the limit of " +
                     std::to_string(options.body_limit) + " bytes"),
                false};
      }
      return {fail(what + ": bad response: " + ec.message()), stale};
    }
    auto message = parser.release();
    HttpClientResponse response;
    response.status = static_cast<int>(message.result_int());
    response.content_type = std::string(message[http::field::content_type]);
    response.body = std::move(message.body());
    if (!message.keep_alive()) close();
    return {std::move(response), false};
  }

  Result<HttpClientResponse> request(HttpMethod method, std::string_view url_text,
                                     const std::string& body, std::string_view content_type,
                                     std::string_view accept = {}) {
    const std::string what = std::string(method_name(method)) + " " + std::string(url_text);
    if (to_verb(method) == http::verb::unknown) return fail(what + ": unsupported method");
    auto url = parse_http_url(url_text);
    if (!url) return fail(std::move(url).error().context(what));

    const bool reusing = stream && connected.host == url->host && connected.port == url->port;
    if (!reusing) ESEQ_TRY_STATUS(connect(*url, what));
    auto first = exchange(method, *url, body, content_type, accept, what);
    if (first.response || !reusing || !first.stale) return std::move(first.response);
    // The server closed the idle connection before reading our request: dial once more.
    ESEQ_TRY_STATUS(connect(*url, what));
    return exchange(method, *url, body, content_type, accept, what).response;
  }
};

HttpClient::HttpClient(HttpClientOptions options) : impl_(std::make_unique<Impl>(options)) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

Result<HttpClientResponse> HttpClient::request(HttpMethod method, std::string_view url,
                                               std::string body, std::string_view content_type) {
  return impl_->request(method, url, body, content_type);
}

Result<HttpClientResponse> HttpClient::get(std::string_view url) {
  return request(HttpMethod::kGet, url);
}

Result<HttpClientResponse> HttpClient::get(std::string_view url, std::string_view accept) {
  return impl_->request(HttpMethod::kGet, url, {}, {}, accept);
}

Result<HttpClientResponse> HttpClient::post(std::string_view url, std::string body,
                                            std::string_view content_type) {
  return request(HttpMethod::kPost, url, std::move(body), content_type);
}

Result<HttpClientResponse> HttpClient::post_json(std::string_view url, const nlohmann::json& body) {
  return request(HttpMethod::kPost, url, body.dump(), "application/json");
}

Result<nlohmann::json> HttpClient::get_json(std::string_view url) {
  auto response = get(url);
  if (!response) return fail(std::move(response).error());
  return expect_json(*response, "GET " + std::string(url));
}

Result<nlohmann::json> HttpClient::post_json_for_json(std::string_view url,
                                                      const nlohmann::json& body) {
  auto response = post_json(url, body);
  if (!response) return fail(std::move(response).error());
  return expect_json(*response, "POST " + std::string(url));
}

void HttpClient::close() {
  impl_->close();
}

std::size_t HttpClient::connections_opened() const {
  return impl_->opened;
}

}  // namespace espresso
