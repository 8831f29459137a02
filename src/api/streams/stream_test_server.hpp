#pragma once
// Tests only: an HttpServer serving the availability streams from a SQLite query store in a
// temporary directory, on its own io thread.

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "api/http_server.hpp"
#include "api/streams/availability_streams.hpp"
#include "storage/test_paths.hpp"

namespace espresso::streams::testing {

class StreamTestServer {
 public:
  // Serves `records`, of which the first `stored` are in the store from the start.
  StreamTestServer(std::vector<storage::BlockRecord> records, std::size_t stored,
                   ItemEncoder encode)
      : records_(std::move(records)) {
    auto store = storage::make_sqlite_query_store(path_);
    EXPECT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    EXPECT_TRUE(store_->insert_blocks(std::span(records_).first(stored)));
    feed_ = std::make_shared<BlockFeed>(stored);
    HttpServerOptions options;
    options.bind_address = "127.0.0.1";
    options.streams = availability_stream_resolver(
        {[path = path_] { return storage::make_sqlite_query_store(path); }, feed_,
         std::move(encode)});
    auto server = HttpServer::start(io_, options, Router());
    EXPECT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~StreamTestServer() {
    server_->stop();
    work_.reset();
    thread_.join();
  }
  StreamTestServer(const StreamTestServer&) = delete;
  StreamTestServer& operator=(const StreamTestServer&) = delete;

  std::uint16_t port() const { return server_->port(); }
  const storage::BlockRecord& record(std::uint64_t height) const { return records_.at(height); }

  void store_and_publish(std::uint64_t height) {
    EXPECT_TRUE(store_->insert_block(records_.at(height)));
    feed_->publish(height);
  }

  // Running streams hold a reference to the feed; true once every stream has ended.
  bool streams_ended() {
    using namespace std::chrono_literals;
    for (int i = 0; i < 300 && feed_.use_count() > 2; ++i) std::this_thread::sleep_for(10ms);
    return feed_.use_count() == 2;  // this fixture's and the resolver's
  }

 private:
  storage::TempDir dir_;
  std::string path_ = dir_.file("query.sqlite");
  std::vector<storage::BlockRecord> records_;
  std::unique_ptr<storage::QueryStore> store_;
  std::shared_ptr<BlockFeed> feed_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
      boost::asio::make_work_guard(io_)};
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

}  // namespace espresso::streams::testing
