#include "node/fetch/fetch_options.hpp"

#include <algorithm>

namespace espresso::fetch {
namespace {

void add_peer(std::vector<std::string>& peers, std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.empty() || std::find(peers.begin(), peers.end(), url) != peers.end()) return;
  peers.push_back(std::move(url));
}

}  // namespace

FetchOptions fetch_options_from(const SequencerOptions& options) {
  FetchOptions fetch;
  if (options.modules.query) {
    for (const std::string& peer : options.modules.query->peers) add_peer(fetch.peers, peer);
  }
  for (const std::string& peer : options.state_peers) add_peer(fetch.peers, peer);
  if (const auto* sql = std::get_if<SqlStorage>(&options.modules.storage)) {
    if (sql->active_fetch_delay) fetch.active_fetch_delay = *sql->active_fetch_delay;
    if (sql->chunk_fetch_delay) fetch.chunk_fetch_delay = *sql->chunk_fetch_delay;
    if (sql->fetch_rate_limit) fetch.parallel_downloads = *sql->fetch_rate_limit;
  }
  return fetch;
}

}  // namespace espresso::fetch
