#include "api/http_server.hpp"

#include <optional>
#include <set>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "api/stream_session.hpp"

namespace espresso {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::State {
  asio::io_context& io;
  HttpServerOptions options;
  Router router;
  tcp::acceptor acceptor;
  std::uint16_t port = 0;
  std::size_t open_sessions = 0;  // touched only on the io_context
  bool stopped = false;
  std::set<std::weak_ptr<detail::ServerConnection>, std::owner_less<>> sessions;

  State(asio::io_context& context, HttpServerOptions opts, Router routes)
      : io(context), options(std::move(opts)), router(std::move(routes)), acceptor(context) {}
};

namespace {

using State = HttpServer::State;

// One slot of the connection limit, held by an HTTP connection and then by its stream, if any.
class ConnectionSlot {
 public:
  explicit ConnectionSlot(std::shared_ptr<State> state) : state_(std::move(state)) {
    ++state_->open_sessions;
  }
  ~ConnectionSlot() { --state_->open_sessions; }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;

 private:
  std::shared_ptr<State> state_;
};

void track(State& state, const std::shared_ptr<detail::ServerConnection>& connection) {
  std::erase_if(state.sessions, [](const auto& weak) { return weak.expired(); });
  state.sessions.insert(connection);
}

HttpMethod to_method(http::verb verb) {
  switch (verb) {
    case http::verb::get:
      return HttpMethod::kGet;
    case http::verb::post:
      return HttpMethod::kPost;
    case http::verb::put:
      return HttpMethod::kPut;
    case http::verb::delete_:
      return HttpMethod::kDelete;
    default:
      return HttpMethod::kOther;
  }
}

// Takes the body out of the message (a batch of transactions is megabytes).
HttpRequest to_request(http::request<http::string_body>& message) {
  HttpRequest request;
  request.method = to_method(message.method());
  std::string_view target(message.target().data(), message.target().size());
  auto question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  const auto content_type = message[http::field::content_type];
  request.content_type = std::string(content_type.data(), content_type.size());
  const auto accept = message[http::field::accept];
  request.accept = std::string(accept.data(), accept.size());
  request.body = std::move(message.body());
  return request;
}

constexpr std::size_t kReadBufferBytes = 64 * 1024;

// One connection. Sessions with a slot of the connection limit serve requests; one without
// answers its first request with 503 and closes.
class Session : public detail::ServerConnection, public std::enable_shared_from_this<Session> {
 public:
  Session(std::shared_ptr<State> state, tcp::socket socket, std::shared_ptr<ConnectionSlot> slot)
      : state_(std::move(state)), stream_(std::move(socket)), slot_(std::move(slot)) {
    // Beast reads at most the buffer's free capacity per call (512 bytes minimum): without room
    // reserved, a large request body (a batch of transactions) took hundreds of small reads.
    buffer_.reserve(kReadBufferBytes);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() { read(); }
  void close() override {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(state_->options.body_limit);
    parser_->header_limit(16 * 1024);
    buffer_.clear();
    stream_.expires_after(state_->options.idle_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      return reply(error_response(413, "request body exceeds the limit of " +
                                           std::to_string(state_->options.body_limit) + " bytes"),
                   false, 11);
    }
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || state_->stopped) {
      return close();
    }
    if (ec) {
      if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
        return reply(error_response(400, "malformed HTTP request: " + ec.message()), false, 11);
      }
      return close();
    }
    auto& message = parser_->get();
    if (!slot_) {
      return reply(error_response(503, "too many connections (limit " +
                                           std::to_string(state_->options.max_connections) + ")"),
                   false, message.version());
    }
    if (beast::websocket::is_upgrade(message) && state_->options.streams) {
      if (auto resolution = state_->options.streams(to_request(message))) {
        if (!*resolution) return reply(std::move(*resolution).error(), false, message.version());
        return upgrade(std::move(**resolution));
      }
    }
    reply(state_->router.handle(to_request(message)), message.keep_alive(), message.version());
  }

  // Hands the socket and this connection's slot to a stream session; this session then ends.
  void upgrade(StreamHandler handler) {
    detail::StreamSessionOptions options{state_->options.stream_limits,
                                         state_->options.idle_timeout};
    auto stream = detail::start_stream_session(stream_.release_socket(), parser_->release(),
                                               std::move(handler), options, std::move(slot_));
    track(*state_, stream);
  }

  void reply(HttpResponse response, bool keep_alive, unsigned version) {
    auto message = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(response.status), version);
    message->set(http::field::content_type, response.content_type);
    message->body() = std::move(response.body);
    message->keep_alive(keep_alive);
    message->prepare_payload();
    stream_.expires_after(state_->options.idle_timeout);
    http::async_write(
        stream_, *message,
        [self = shared_from_this(), message, keep_alive](beast::error_code ec, std::size_t) {
          if (ec || !keep_alive || self->state_->stopped) return self->close();
          self->read();
        });
  }

  std::shared_ptr<State> state_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<ConnectionSlot> slot_;  // null: over the limit
};

void accept(const std::shared_ptr<State>& state) {
  state->acceptor.async_accept([state](beast::error_code ec, tcp::socket socket) {
    if (state->stopped) return;
    if (!ec) {
      // Responses are small and alternate with requests: do not let Nagle hold them back.
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::shared_ptr<ConnectionSlot> slot;
      if (state->open_sessions < state->options.max_connections) {
        slot = std::make_shared<ConnectionSlot>(state);
      }
      auto session = std::make_shared<Session>(state, std::move(socket), std::move(slot));
      track(*state, session);
      session->start();
    }
    // Errors such as EMFILE are transient for a listening socket: keep accepting.
    accept(state);
  });
}

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::start(asio::io_context& io,
                                                      HttpServerOptions options, Router router) {
  beast::error_code ec;
  auto address = asio::ip::make_address(options.bind_address, ec);
  if (ec) {
    return fail("http: bind address '" + options.bind_address + "' is not an IP address");
  }
  if (options.max_connections == 0) return fail("http: max connections must be at least 1");
  auto state = std::make_shared<State>(io, std::move(options), std::move(router));
  tcp::endpoint endpoint(address, state->options.port);
  auto& acceptor = state->acceptor;
  std::string where = "http: cannot listen on " + state->options.bind_address + ":" +
                      std::to_string(state->options.port) + ": ";
  if (acceptor.open(endpoint.protocol(), ec); ec) return fail(where + ec.message());
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (acceptor.bind(endpoint, ec); ec) return fail(where + ec.message());
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
    return fail(where + ec.message());
  }
  state->port = acceptor.local_endpoint().port();
  accept(state);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(state)));
}

HttpServer::HttpServer(std::shared_ptr<State> state) : state_(std::move(state)) {}

HttpServer::~HttpServer() {
  stop();
}

std::uint16_t HttpServer::port() const {
  return state_->port;
}

void HttpServer::stop() {
  asio::post(state_->io, [state = state_] {
    if (state->stopped) return;
    state->stopped = true;
    beast::error_code ignored;
    state->acceptor.close(ignored);
    for (const auto& weak : state->sessions) {
      if (auto session = weak.lock()) session->close();
    }
    state->sessions.clear();
  });
}

}  // namespace espresso
