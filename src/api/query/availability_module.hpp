#pragma once
// The availability API (hotshot-query-service api/availability.toml, plus espresso-sequencer's
// block/:height/namespace/:namespace) over a QueryStore:
//   leaf, header, block, payload, vid/common by :height, by hash and by payload hash;
//   leaf|header|block|payload/:from/:until; transaction/:height/:index, transaction/hash/:hash;
//   block/:height/namespace/:namespace; block/summary/:height, block/summaries/:from/:until;
//   limits.
// Handlers use the store from whichever thread runs them, one at a time (the HttpServer runs them
// on its io_context's thread); give the module its own store connection.

#include <cstddef>
#include <memory>

#include "api/router.hpp"
#include "common/result.hpp"
#include "storage/query_store.hpp"

namespace espresso::query {

// Upstream's defaults (hotshot-query-service availability::Options::default()).
struct AvailabilityOptions {
  std::size_t small_object_range_limit = 500;  // leaves, headers, VID common, summaries
  std::size_t large_object_range_limit = 100;  // blocks and payloads
};

Status register_availability_routes(Router& router, std::shared_ptr<storage::QueryStore> store,
                                    AvailabilityOptions options = {});

}  // namespace espresso::query
