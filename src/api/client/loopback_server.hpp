#pragma once
// Test helper: an HttpServer on 127.0.0.1 (port from the options; 0, the default, lets the OS
// choose), served by its own thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "api/http_server.hpp"

namespace espresso {

class LoopbackServer {
 public:
  static Result<std::unique_ptr<LoopbackServer>> start(Router router,
                                                       HttpServerOptions options = {}) {
    auto server = std::unique_ptr<LoopbackServer>(new LoopbackServer());
    options.bind_address = "127.0.0.1";
    auto http = HttpServer::start(server->io_, std::move(options), std::move(router));
    if (!http) return fail(std::move(http).error());
    server->server_ = std::move(*http);
    server->thread_ = std::thread([raw = server.get()] { raw->io_.run(); });
    return server;
  }

  ~LoopbackServer() {
    if (server_) server_->stop();
    work_.reset();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::uint16_t port() const { return server_->port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  boost::asio::io_context& io() { return io_; }

 private:
  LoopbackServer() = default;

  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
      boost::asio::make_work_guard(io_)};
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

}  // namespace espresso
