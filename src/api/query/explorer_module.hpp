#pragma once
// The explorer API (hotshot-query-service api/explorer.toml, src/explorer/query_data.rs), the
// routes a block explorer front page needs, over a QueryStore:
//   blocks/latest/:limit, blocks/:height/:limit          {"block_summaries": [...]}, newest first
//   block/:height, block/hash/:hash                      {"block_detail": {...}}
//   transactions/latest/:limit, transactions/latest/:limit/block/:block,
//   transactions/latest/:limit/namespace/:namespace      {"transaction_summaries": [...]}
//   transaction/:height/:offset, transaction/hash/:hash  {"transaction_detail": {...}}
//   explorer-summary                                     {"explorer_summary": {...}}
//   search/:query (block hash, transaction hash or height) {"search_results": {...}}
// `:limit` is 1..100 as upstream. Fields our blocks lack (proposer, fee recipient, reward) are
// left out rather than invented.

#include <memory>

#include "api/router.hpp"
#include "storage/query_store.hpp"

namespace espresso::query {

inline constexpr std::uint64_t kExplorerMaxLimit = 100;
// How far back the "latest transactions" routes look for matching transactions.
inline constexpr std::uint64_t kExplorerScanBlocks = 500;

Status register_explorer_routes(Router& router, std::shared_ptr<storage::QueryStore> store);

}  // namespace espresso::query
