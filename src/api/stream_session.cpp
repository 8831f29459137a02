#include "api/stream_session.hpp"

#include <exception>

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "api/stream_queue.hpp"

namespace espresso::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

// One upgraded connection: writes what the StreamQueue yields, one frame at a time, and keeps a
// read pending so client close frames, pings and disconnects are seen.
class StreamSession final : public ServerConnection,
                            public std::enable_shared_from_this<StreamSession> {
 public:
  StreamSession(tcp::socket socket, http::request<http::string_body> upgrade, StreamHandler handler,
                StreamSessionOptions options, std::shared_ptr<void> slot)
      : ws_(std::move(socket)),
        upgrade_(std::move(upgrade)),
        handler_(std::move(handler)),
        options_(options),
        slot_(std::move(slot)) {}
  // Also when the io_context is destroyed with operations pending: waiting producers are released
  // here, before the members (task_ among them) are destroyed and join them.
  ~StreamSession() override {
    if (queue_) queue_->shut_down();
  }
  StreamSession(const StreamSession&) = delete;
  StreamSession& operator=(const StreamSession&) = delete;

  void start() {
    beast::get_lowest_layer(ws_).expires_never();  // the websocket timeouts below take over
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(30);
    timeouts.idle_timeout = options_.idle_timeout;
    timeouts.keep_alive_pings = true;  // a live but quiet client answers pings
    ws_.set_option(timeouts);
    ws_.async_accept(upgrade_,
                     [self = shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
  }

  void close() override { finish(); }

 private:
  void on_accept(beast::error_code ec) {
    if (ec || done_) return finish();
    std::weak_ptr<StreamSession> weak = weak_from_this();
    auto executor = ws_.get_executor();
    queue_ = std::make_shared<StreamQueue>(options_.limits, [weak, executor] {
      asio::post(executor, [weak] {
        if (auto self = weak.lock()) self->pump();
      });
    });
    try {
      task_ = handler_(queue_);
    } catch (const std::exception& error) {
      queue_->close_with(StreamCloseCode::kInternalError,
                         std::string("stream failed to start: ") + error.what());
    }
    read();
    pump();
  }

  void read() {
    ws_.async_read(read_buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->finish();  // closed by the client, timed out or failed
      self->read_buffer_.clear();     // streams ignore what clients send
      self->read();
    });
  }

  void pump() {
    if (writing_ || done_ || !queue_) return;
    StreamQueue::Item item = queue_->next();
    if (auto* frame = std::get_if<std::string>(&item)) {
      writing_ = true;
      current_ = std::move(*frame);
      ws_.text(true);
      ws_.async_write(asio::buffer(current_),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        self->writing_ = false;
                        if (ec) return self->finish();
                        self->pump();
                      });
    } else if (auto* close = std::get_if<StreamClose>(&item)) {
      writing_ = true;
      // A close frame's reason holds at most 123 bytes (RFC 6455 §5.5).
      const std::string_view text = std::string_view(close->reason).substr(0, 123);
      websocket::close_reason reason(static_cast<websocket::close_code>(close->code),
                                     beast::string_view(text.data(), text.size()));
      ws_.async_close(reason, [self = shared_from_this()](beast::error_code ec) {
        self->writing_ = false;
        // The pending read ends when the client answers the close frame.
        if (ec) self->finish();
      });
    }
  }

  // Ends the stream: producers stop (the task is destroyed here, on the io thread), the socket
  // closes, pending operations complete with errors and release the session.
  void finish() {
    if (done_) return;
    done_ = true;
    if (queue_) queue_->shut_down();
    task_.reset();
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  websocket::stream<beast::tcp_stream> ws_;
  http::request<http::string_body> upgrade_;
  StreamHandler handler_;
  StreamSessionOptions options_;
  std::shared_ptr<void> slot_;
  std::shared_ptr<StreamQueue> queue_;
  std::unique_ptr<StreamTask> task_;
  beast::flat_buffer read_buffer_;
  std::string current_;
  bool writing_ = false;
  bool done_ = false;
};

}  // namespace

std::shared_ptr<ServerConnection> start_stream_session(tcp::socket socket,
                                                       http::request<http::string_body> upgrade,
                                                       StreamHandler handler,
                                                       StreamSessionOptions options,
                                                       std::shared_ptr<void> connection_slot) {
  auto session =
      std::make_shared<StreamSession>(std::move(socket), std::move(upgrade), std::move(handler),
                                      options, std::move(connection_slot));
  session->start();
  return session;
}

}  // namespace espresso::detail
