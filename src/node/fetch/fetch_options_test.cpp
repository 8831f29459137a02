#include "node/fetch/fetch_options.hpp"

#include <gtest/gtest.h>

namespace espresso::fetch {
namespace {

using namespace std::chrono_literals;

TEST(FetchOptionsTest, PeersFromQueryThenStatePeersWithoutDuplicates) {
  SequencerOptions options;
  options.modules.query = QueryModule{{"http://a:1/", "http://b:2"}};
  options.state_peers = {"http://b:2", "http://c:3"};
  FetchOptions fetch = fetch_options_from(options);
  EXPECT_EQ(fetch.peers, (std::vector<std::string>{"http://a:1", "http://b:2", "http://c:3"}));
  EXPECT_EQ(fetch.chunk_fetch_delay, 0ns);
  EXPECT_EQ(fetch.parallel_downloads, 4u);
}

TEST(FetchOptionsTest, DelaysFromSqlStorage) {
  SequencerOptions options;
  SqlStorage sql;
  sql.active_fetch_delay = 50ms;
  sql.chunk_fetch_delay = 100ms;
  sql.fetch_rate_limit = 5;
  options.modules.storage = sql;
  FetchOptions fetch = fetch_options_from(options);
  EXPECT_EQ(fetch.parallel_downloads, 5u);
  EXPECT_EQ(fetch.active_fetch_delay, 50ms);
  EXPECT_EQ(fetch.chunk_fetch_delay, 100ms);
  EXPECT_TRUE(fetch.peers.empty());
}

}  // namespace
}  // namespace espresso::fetch
