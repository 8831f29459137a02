#pragma once
// Back-fills the query store from peers' availability APIs (issue 7: "missing data is fetched from
// --peers and verified before it is stored").
//
// A gap is a run of heights below the newest stored block that are not stored (and not pruned).
// It is fetched from the top down in chunks: leaf/:from/:until, block/:from/:until and
// vid/common/:from/:until (per block from a peer without that route). Trust comes from the block
// just above the gap, which this node stored itself: each fetched leaf must hash to the parent
// commitment of the leaf above it, its header (carried inside the leaf) must commit to the leaf's
// payload commitment, and the VID common data and the payload must hash to that commitment. A chunk
// that fails any check is dropped, the peer is logged with the reason, and the next peer is asked.
// At most parallel_downloads chunks (--fetch-rate-limit, simultaneous fetches) download at once.

#include <chrono>
#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/query_store.hpp"

namespace espresso::fetch {

struct FetchOptions {
  std::vector<std::string> peers;  // query service base URLs ("http://host:port")
  std::size_t chunk_size = 100;    // heights per request (upstream's large-object range limit)
  // --fetch-rate-limit: chunks downloading at once (verification and storage stay in order).
  std::size_t parallel_downloads = 4;
  // --chunk-fetch-delay: pause between two chunks, so catch-up does not flood a peer.
  std::chrono::nanoseconds chunk_fetch_delay{0};
  // --active-fetch-delay: pause before asking the next peer after one failed.
  std::chrono::nanoseconds active_fetch_delay{0};
};

struct Gap {
  std::uint64_t from = 0;   // first missing height
  std::uint64_t until = 0;  // the stored, trusted block just above the gap
  friend bool operator==(const Gap&, const Gap&) = default;
};

struct FetchReport {
  std::uint64_t blocks_stored = 0;
  std::vector<std::string> rejected;  // one line per peer answer that was refused, with the reason
};

// The missing heights below the newest stored block, lowest first.
Result<std::vector<Gap>> find_gaps(storage::QueryStore& store);

class BlockFetcher {
 public:
  // `store` must outlive the fetcher; use it from the fetcher's thread only.
  BlockFetcher(storage::QueryStore& store, FetchOptions options);
  ~BlockFetcher();
  BlockFetcher(const BlockFetcher&) = delete;
  BlockFetcher& operator=(const BlockFetcher&) = delete;

  // Fills every gap it can. Fails when no peer could serve a verified chunk of a gap (the blocks
  // stored before that stay stored; calling again resumes). A stop request ends it between two
  // chunks, with what was stored so far.
  Result<FetchReport> fill_gaps(std::stop_token stop = {});

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace espresso::fetch
