#include "api/query/explorer_module.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "api/query/block_record.hpp"
#include "api/query/query_replies.hpp"
#include "common/rfc3339.hpp"
#include "common/tagged_base64.hpp"

namespace espresso::query {
namespace {

using Store = std::shared_ptr<storage::QueryStore>;

nlohmann::json time_json(std::uint64_t timestamp) {
  auto text = format_rfc3339(static_cast<std::int64_t>(timestamp));
  return text ? nlohmann::json(*text) : nlohmann::json(timestamp);
}

// BlockSummary / BlockDetail: height, hash, time, num_transactions, size.
nlohmann::json block_summary(const storage::BlockListing& block) {
  return {{"height", block.height},
          {"hash", block_hash_text(block.block_hash)},
          {"time", time_json(block.timestamp)},
          {"num_transactions", block.transactions.size()},
          {"size", block.payload_size}};
}

// TransactionSummary: the transaction's hash, its rollup (namespace), block and position.
nlohmann::json transaction_summary(const storage::BlockListing& record, std::size_t offset) {
  const auto& tx = record.transactions[offset];
  return {{"hash", transaction_hash_text(tx.commitment)},
          {"rollups", {tx.namespace_id}},
          {"height", record.height},
          {"offset", offset},
          {"num_transactions", record.transactions.size()},
          {"time", time_json(record.timestamp)}};
}

Reply<std::uint64_t> limit_param(const PathParams& params) {
  auto limit = param_u64(params, "limit");
  if (!limit) return tl::unexpected(std::move(limit).error());
  if (*limit == 0 || *limit > kExplorerMaxLimit) {
    return tl::unexpected(bad_param_response("limit", *params.find("limit"),
                                             "expected 1 to " + std::to_string(kExplorerMaxLimit)));
  }
  return *limit;
}

// Blocks `top`, top-1, ... (at most `count`, stopping at genesis or a gap), newest first; listings
// only: these pages must not read a payload per block.
Reply<std::vector<storage::BlockListing>> blocks_down_from(storage::QueryStore& store,
                                                           std::uint64_t top, std::uint64_t count) {
  std::uint64_t from = top + 1 >= count ? top + 1 - count : 0;
  auto blocks = store.listings_in_range(from, top + 1);
  if (!blocks) return tl::unexpected(storage_failure(blocks.error()));
  std::reverse(blocks->begin(), blocks->end());
  return std::move(*blocks);
}

Reply<storage::BlockListing> listing_at(storage::QueryStore& store, std::uint64_t height) {
  auto found = store.listings_in_range(height, height + 1);
  if (!found) return tl::unexpected(storage_failure(found.error()));
  if (found->empty()) return tl::unexpected(missing_height(store, "block", height));
  return std::move(found->front());
}

Reply<std::uint64_t> latest_height(storage::QueryStore& store) {
  auto height = store.block_height();
  if (!height) return tl::unexpected(storage_failure(height.error()));
  if (*height == 0) return tl::unexpected(error_response(404, "no blocks yet"));
  return *height - 1;
}

HttpResponse block_summaries(storage::QueryStore& store, std::optional<std::uint64_t> top,
                             std::uint64_t limit) {
  if (!top) {
    auto latest = latest_height(store);
    if (!latest) return std::move(latest).error();
    top = *latest;
  }
  auto blocks = blocks_down_from(store, *top, limit);
  if (!blocks) return std::move(blocks).error();
  if (blocks->empty()) return missing_height(store, "block", *top);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& record : *blocks) out.push_back(block_summary(record));
  return json_response({{"block_summaries", std::move(out)}});
}

// Newest-first transaction summaries matching `keep`, from the latest kExplorerScanBlocks blocks.
template <typename Keep>
HttpResponse latest_transactions(storage::QueryStore& store, std::uint64_t limit, Keep&& keep) {
  auto latest = latest_height(store);
  if (!latest) return std::move(latest).error();
  nlohmann::json out = nlohmann::json::array();
  std::uint64_t scanned = 0;
  std::uint64_t top = *latest;
  while (out.size() < limit && scanned < kExplorerScanBlocks) {
    auto blocks = blocks_down_from(store, top, 50);
    if (!blocks) return std::move(blocks).error();
    for (const auto& record : *blocks) {
      for (std::size_t i = record.transactions.size(); i-- > 0 && out.size() < limit;) {
        if (keep(record, i)) out.push_back(transaction_summary(record, i));
      }
    }
    scanned += 50;
    if (top < 50) break;
    top -= 50;
  }
  return json_response({{"transaction_summaries", std::move(out)}});
}

HttpResponse transaction_detail(Reply<DecodedBlock> block, std::uint64_t offset) {
  if (!block) return std::move(block).error();
  auto json = transaction_json(*block, offset);
  if (!json) {
    return error_response(404, "block " + std::to_string(block->record.height) +
                                   " has no transaction " + std::to_string(offset));
  }
  (*json)["time"] = time_json(block->record.timestamp);
  return json_response({{"transaction_detail", std::move(*json)}});
}

HttpResponse explorer_summary(storage::QueryStore& store) {
  auto latest = latest_height(store);
  if (!latest) return std::move(latest).error();
  auto blocks = blocks_down_from(store, *latest, 10);
  if (!blocks) return std::move(blocks).error();
  auto transactions = store.transaction_count(0, *latest + 1);
  if (!transactions) return storage_failure(transactions.error());
  nlohmann::json latest_blocks = nlohmann::json::array();
  nlohmann::json latest_transactions = nlohmann::json::array();
  std::set<std::uint64_t> rollups;
  for (const auto& record : *blocks) {
    latest_blocks.push_back(block_summary(record));
    for (std::size_t i = record.transactions.size(); i-- > 0;) {
      rollups.insert(record.transactions[i].namespace_id);
      if (latest_transactions.size() < 10) {
        latest_transactions.push_back(transaction_summary(record, i));
      }
    }
  }
  return json_response(
      {{"explorer_summary",
        {{"latest_block", latest_blocks.empty() ? nlohmann::json(nullptr) : latest_blocks[0]},
         {"genesis_overview",
          {{"blocks", *latest + 1},
           {"transactions", *transactions},
           // Rollups seen in the latest blocks (the store keeps no namespace registry).
           {"rollups", rollups.size()}}},
         {"latest_blocks", std::move(latest_blocks)},
         {"latest_transactions", std::move(latest_transactions)}}}});
}

// A block hash, a transaction hash or a height.
HttpResponse search(storage::QueryStore& store, const PathParams& params) {
  auto query = param_text(params, "query");
  if (!query) return std::move(query).error();
  nlohmann::json blocks = nlohmann::json::array();
  nlohmann::json transactions = nlohmann::json::array();
  if (auto height = param_u64(params, "query")) {
    auto found = store.listings_in_range(*height, *height + 1);
    if (!found) return storage_failure(found.error());
    if (!found->empty()) blocks.push_back(block_summary(found->front()));
  } else if (auto tagged = TaggedBase64::parse(*query); tagged && tagged->value.size() == 32) {
    Hash32 hash{};
    std::copy(tagged->value.begin(), tagged->value.end(), hash.begin());
    if (tagged->tag == kBlockHashTag) {
      auto found = store.block_by_hash(hash);
      if (!found) return storage_failure(found.error());
      if (*found) blocks.push_back(block_summary(storage::listing_of(**found)));
    } else if (tagged->tag == kTransactionHashTag) {
      auto location = store.transaction_by_hash(hash);
      if (!location) return storage_failure(location.error());
      if (*location) {
        auto record = listing_at(store, (*location)->height);
        if (!record) return std::move(record).error();
        transactions.push_back(transaction_summary(*record, (*location)->index));
      }
    } else {
      return bad_param_response("query", *query, "expected a height, a BLOCK~ hash or a TX~ hash");
    }
  } else {
    return bad_param_response("query", *query, "expected a height, a BLOCK~ hash or a TX~ hash");
  }
  return json_response(
      {{"search_results",
        {{"blocks", std::move(blocks)}, {"transactions", std::move(transactions)}}}});
}

}  // namespace

Status register_explorer_routes(Router& router, std::shared_ptr<storage::QueryStore> store) {
  auto get = [&router](std::string_view path, RouteHandler handler) {
    return router.add(HttpMethod::kGet, "explorer", path, std::move(handler));
  };
  ESEQ_TRY_STATUS(get("blocks/latest/:limit", [store](const HttpRequest&, const PathParams& p) {
    auto limit = limit_param(p);
    if (!limit) return std::move(limit).error();
    return block_summaries(*store, std::nullopt, *limit);
  }));
  ESEQ_TRY_STATUS(get("blocks/:height/:limit", [store](const HttpRequest&, const PathParams& p) {
    auto height = param_u64(p, "height");
    if (!height) return std::move(height).error();
    auto limit = limit_param(p);
    if (!limit) return std::move(limit).error();
    return block_summaries(*store, *height, *limit);
  }));
  auto detail = [](Reply<storage::BlockListing> record) {
    if (!record) return std::move(record).error();
    return json_response({{"block_detail", block_summary(*record)}});
  };
  ESEQ_TRY_STATUS(get("block/:height", [store, detail](const HttpRequest&, const PathParams& p) {
    auto height = param_u64(p, "height");
    if (!height) return std::move(height).error();
    return detail(listing_at(*store, *height));
  }));
  ESEQ_TRY_STATUS(get("block/hash/:hash", [store, detail](const HttpRequest&, const PathParams& p) {
    auto record = block_by(p, "hash", kBlockHashTag,
                           [&](const Hash32& hash) { return store->block_by_hash(hash); });
    if (!record) return std::move(record).error();
    return detail(storage::listing_of(*record));
  }));
  ESEQ_TRY_STATUS(
      get("transactions/latest/:limit", [store](const HttpRequest&, const PathParams& p) {
        auto limit = limit_param(p);
        if (!limit) return std::move(limit).error();
        return latest_transactions(*store, *limit, [](const auto&, std::size_t) { return true; });
      }));
  ESEQ_TRY_STATUS(get(
      "transactions/latest/:limit/block/:block", [store](const HttpRequest&, const PathParams& p) {
        auto limit = limit_param(p);
        if (!limit) return std::move(limit).error();
        auto height = param_u64(p, "block");
        if (!height) return std::move(height).error();
        auto record = listing_at(*store, *height);
        if (!record) return std::move(record).error();
        nlohmann::json out = nlohmann::json::array();
        for (std::size_t i = record->transactions.size(); i-- > 0 && out.size() < *limit;) {
          out.push_back(transaction_summary(*record, i));
        }
        return json_response({{"transaction_summaries", std::move(out)}});
      }));
  ESEQ_TRY_STATUS(get("transactions/latest/:limit/namespace/:namespace",
                      [store](const HttpRequest&, const PathParams& p) {
                        auto limit = limit_param(p);
                        if (!limit) return std::move(limit).error();
                        auto ns = param_u64(p, "namespace");
                        if (!ns) return std::move(ns).error();
                        return latest_transactions(
                            *store, *limit,
                            [ns = *ns](const storage::BlockListing& r, std::size_t i) {
                              return r.transactions[i].namespace_id == ns;
                            });
                      }));
  ESEQ_TRY_STATUS(
      get("transaction/:height/:offset", [store](const HttpRequest&, const PathParams& p) {
        auto height = param_u64(p, "height");
        if (!height) return std::move(height).error();
        auto offset = param_u64(p, "offset");
        if (!offset) return std::move(offset).error();
        return transaction_detail(decoded(block_at(*store, *height)), *offset);
      }));
  ESEQ_TRY_STATUS(get("transaction/hash/:hash", [store](const HttpRequest&, const PathParams& p) {
    auto bytes = param_tagged_base64(p, "hash", kTransactionHashTag);
    if (!bytes) return std::move(bytes).error();
    if (bytes->size() != 32)
      return bad_param_response("hash", *p.find("hash"), "expected 32 bytes");
    Hash32 hash{};
    std::copy(bytes->begin(), bytes->end(), hash.begin());
    auto location = store->transaction_by_hash(hash);
    if (!location) return storage_failure(location.error());
    if (!*location)
      return error_response(404, "no transaction with hash " + std::string(*p.find("hash")));
    return transaction_detail(decoded(block_at(*store, (*location)->height)), (*location)->index);
  }));
  ESEQ_TRY_STATUS(get("explorer-summary", [store](const HttpRequest&, const PathParams&) {
    return explorer_summary(*store);
  }));
  return get("search/:query",
             [store](const HttpRequest&, const PathParams& p) { return search(*store, p); });
}

}  // namespace espresso::query
