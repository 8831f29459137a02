#pragma once
// The node API (hotshot-query-service api/node.toml, plus espresso-sequencer's
// stake-table/current): figures this node tabulates from its own store.
//   block-height
//   transactions/count[/:to | /:from/:to], transactions/count/namespace/:namespace[/:to |
//   /:from/:to] payloads/size[/:to | /:from/:to]                  (`:to` inclusive, as upstream)
//   vid/share/:height, vid/share/hash/:hash, vid/share/payload-hash/:payload-hash
//   sync-status
//   header/window/:start/:end, header/window/from/:height/:end, header/window/from/hash/:hash/:end
//   stake-table/current
// Threading as the availability module: one caller at a time per store connection.

#include <cstddef>
#include <memory>

#include "api/query/node_status_source.hpp"
#include "api/router.hpp"
#include "storage/query_store.hpp"

namespace espresso::query {

struct NodeApiOptions {
  std::size_t window_limit = 500;  // headers per header/window answer (upstream default)
};

Status register_node_routes(Router& router, std::shared_ptr<storage::QueryStore> store,
                            std::shared_ptr<NodeStatusSource> status, NodeApiOptions options = {});

}  // namespace espresso::query
