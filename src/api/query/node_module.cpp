#include "api/query/node_module.hpp"

#include <string>

#include "api/query/block_record.hpp"
#include "api/query/query_replies.hpp"
#include "common/base64.hpp"
#include "common/hex.hpp"
#include "types/json_fields.hpp"
#include "vid/codec.hpp"

namespace espresso::query {
namespace {

using Store = std::shared_ptr<storage::QueryStore>;

// [from, to] of a count route as a half-open range; `to` defaults to the last stored block.
Reply<std::pair<std::uint64_t, std::uint64_t>> inclusive_range(storage::QueryStore& store,
                                                               const PathParams& params) {
  auto chain_height = store.block_height();
  if (!chain_height) return tl::unexpected(storage_failure(chain_height.error()));
  std::uint64_t from = 0;
  std::uint64_t until = *chain_height;
  if (params.find("from")) {
    auto value = param_u64(params, "from");
    if (!value) return tl::unexpected(std::move(value).error());
    from = *value;
  }
  if (params.find("to")) {
    auto to = param_u64(params, "to");
    if (!to) return tl::unexpected(std::move(to).error());
    if (*to < from) {
      return tl::unexpected(bad_param_response(
          "to", *params.find("to"), "expected at least from (" + std::to_string(from) + ")"));
    }
    if (*to >= *chain_height) return tl::unexpected(missing_height(store, "block", *to));
    until = *to + 1;
  }
  return std::pair{from, until};
}

HttpResponse count_transactions(storage::QueryStore& store, const PathParams& params) {
  std::optional<std::uint64_t> namespace_id;
  if (params.find("namespace")) {
    auto value = param_u64(params, "namespace");
    if (!value) return std::move(value).error();
    namespace_id = *value;
  }
  auto range = inclusive_range(store, params);
  if (!range) return std::move(range).error();
  auto count = store.transaction_count(range->first, range->second, namespace_id);
  if (!count) return storage_failure(count.error());
  return json_response(*count);
}

HttpResponse payload_size(storage::QueryStore& store, const PathParams& params) {
  auto range = inclusive_range(store, params);
  if (!range) return std::move(range).error();
  auto size = store.payload_size(range->first, range->second);
  if (!size) return storage_failure(size.error());
  return json_response(*size);
}

HttpResponse vid_share(Reply<storage::BlockRecord> record) {
  if (!record) return std::move(record).error();
  if (!record->vid_share) {
    return error_response(
        404, "this node holds no VID share of block " + std::to_string(record->height));
  }
  auto share = vid::decode_share(*record->vid_share);
  if (!share) return storage_failure(share.error().context("stored VID share"));
  nlohmann::json proof = nlohmann::json::array();
  for (const Hash32& hash : share->proof) proof.push_back(to_hex(hash));
  return json_response({{"node", share->node},
                        {"first_index", share->first_index},
                        {"count", share->count},
                        {"data", base64_encode(share->data)},
                        {"proof", std::move(proof)}});
}

// The stored header text as JSON (it was written by make_block_record, so it parses).
nlohmann::json header_value(const storage::HeaderEntry& entry) {
  return nlohmann::json::parse(entry.header.begin(), entry.header.end(), nullptr, false);
}

// hotshot-query-service TimeWindowQueryData: {"window": [...], "prev": h|null, "next": h|null}.
// A window cut at the limit has "next": null; continue with header/window/from/:height/:end.
HttpResponse window_reply(Result<storage::HeaderWindow> window) {
  if (!window) return storage_failure(window.error());
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& entry : window->window) headers.push_back(header_value(entry));
  auto optional_header = [](const std::optional<storage::HeaderEntry>& entry) {
    return entry ? header_value(*entry) : nlohmann::json(nullptr);
  };
  return json_response(
      {{"window", std::move(headers)},
       {"prev", optional_header(window->prev)},
       {"next", window->truncated ? nlohmann::json(nullptr) : optional_header(window->next)}});
}

HttpResponse header_window(storage::QueryStore& store, const PathParams& params,
                           std::size_t limit) {
  auto end = param_u64(params, "end");
  if (!end) return std::move(end).error();
  if (params.find("start")) {
    auto start = param_u64(params, "start");
    if (!start) return std::move(start).error();
    if (*end < *start) {
      return bad_param_response("end", *params.find("end"),
                                "expected at least start (" + std::to_string(*start) + ")");
    }
    return window_reply(store.header_window(*start, *end, limit));
  }
  std::uint64_t height = 0;
  if (params.find("hash")) {
    auto block = block_by(params, "hash", kBlockHashTag,
                          [&](const Hash32& hash) { return store.block_by_hash(hash); });
    if (!block) return std::move(block).error();
    height = block->height;
  } else {
    auto value = param_u64(params, "height");
    if (!value) return std::move(value).error();
    height = *value;
  }
  return window_reply(store.header_window_from(height, *end, limit));
}

nlohmann::json sync_status_json(const SyncStatus& status) {
  return {{"missing_blocks", status.missing_blocks},
          {"missing_leaves", status.missing_leaves},
          {"missing_vid_common", status.missing_vid_common},
          {"missing_vid_shares", status.missing_vid_shares},
          {"pruned_height",
           status.pruned_height ? nlohmann::json(*status.pruned_height) : nlohmann::json(nullptr)}};
}

nlohmann::json stake_table_json(const std::vector<StakeTableMember>& members) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& member : members) {
    out.push_back({{"stake_table_entry",
                    {{"stake_key", member.stake_key},
                     {"stake_amount", json_fields::u256_to_hex(member.stake_amount)}}},
                   {"state_ver_key", member.state_ver_key}});
  }
  return out;
}

}  // namespace

Status register_node_routes(Router& router, std::shared_ptr<storage::QueryStore> store,
                            std::shared_ptr<NodeStatusSource> status, NodeApiOptions options) {
  auto get = [&router](std::string_view path, RouteHandler handler) {
    return router.add(HttpMethod::kGet, "node", path, std::move(handler));
  };
  ESEQ_TRY_STATUS(get("block-height", [store](const HttpRequest&, const PathParams&) {
    auto height = store->block_height();
    if (!height) return storage_failure(height.error());
    return json_response(*height);
  }));
  for (std::string_view path :
       {"transactions/count", "transactions/count/:to", "transactions/count/:from/:to",
        "transactions/count/namespace/:namespace", "transactions/count/namespace/:namespace/:to",
        "transactions/count/namespace/:namespace/:from/:to"}) {
    ESEQ_TRY_STATUS(get(path, [store](const HttpRequest&, const PathParams& params) {
      return count_transactions(*store, params);
    }));
  }
  for (std::string_view path : {"payloads/size", "payloads/size/:to", "payloads/size/:from/:to"}) {
    ESEQ_TRY_STATUS(get(path, [store](const HttpRequest&, const PathParams& params) {
      return payload_size(*store, params);
    }));
  }
  ESEQ_TRY_STATUS(get("vid/share/:height", [store](const HttpRequest&, const PathParams& params) {
    auto height = param_u64(params, "height");
    if (!height) return std::move(height).error();
    return vid_share(block_at(*store, *height));
  }));
  ESEQ_TRY_STATUS(
      get("vid/share/hash/:hash", [store](const HttpRequest&, const PathParams& params) {
        return vid_share(block_by(params, "hash", kBlockHashTag,
                                  [&](const Hash32& hash) { return store->block_by_hash(hash); }));
      }));
  ESEQ_TRY_STATUS(get("vid/share/payload-hash/:payload-hash", [store](const HttpRequest&,
                                                                      const PathParams& params) {
    return vid_share(block_by(params, "payload-hash", kPayloadHashTag, [&](const Hash32& hash) {
      return store->block_by_payload_hash(hash);
    }));
  }));
  ESEQ_TRY_STATUS(get("sync-status", [status](const HttpRequest&, const PathParams&) {
    return json_response(sync_status_json(status->sync_status()));
  }));
  for (std::string_view path : {"header/window/:start/:end", "header/window/from/:height/:end",
                                "header/window/from/hash/:hash/:end"}) {
    ESEQ_TRY_STATUS(get(
        path, [store, limit = options.window_limit](const HttpRequest&, const PathParams& params) {
          return header_window(*store, params, limit);
        }));
  }
  return get("stake-table/current", [status](const HttpRequest&, const PathParams&) {
    return json_response(stake_table_json(status->current_stake_table()));
  });
}

}  // namespace espresso::query
