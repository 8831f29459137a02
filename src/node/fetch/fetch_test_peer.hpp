#pragma once
// Tests only: a peer serving blocks through the real availability routes on loopback.

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api/client/loopback_server.hpp"
#include "api/query/availability_module.hpp"
#include "storage/query_store.hpp"

namespace espresso::fetch::testing {

inline std::unique_ptr<storage::QueryStore> open_sqlite_store(const std::string& path) {
  auto store = storage::make_sqlite_query_store(path);
  EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().message);
  return store ? std::move(*store) : nullptr;
}

// A peer whose SQLite store at `path` holds `records`.
struct FakePeer {
  FakePeer(const std::string& path, const std::vector<storage::BlockRecord>& records) {
    std::shared_ptr<storage::QueryStore> store = open_sqlite_store(path);
    EXPECT_TRUE(store->insert_blocks(records).has_value());
    Router router;
    EXPECT_TRUE(query::register_availability_routes(router, store).has_value());
    auto started = LoopbackServer::start(std::move(router));
    EXPECT_TRUE(started.has_value());
    server = std::move(*started);
  }
  std::string url() const { return server->url(); }
  std::unique_ptr<LoopbackServer> server;
};

}  // namespace espresso::fetch::testing
