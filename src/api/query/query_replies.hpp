#pragma once
// Lookups shared by the query modules, answering with ready HTTP errors: 404 naming what is
// missing, 410 for heights the pruner removed, 400 for bad ranges, 500 for storage failures.

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "api/query/availability_json.hpp"
#include "api/router.hpp"
#include "storage/query_store.hpp"

namespace espresso::query {

template <typename T>
using Reply = tl::expected<T, HttpResponse>;

HttpResponse storage_failure(const Error& error);

// The answer for `what` (e.g. "block", "header") at a height that is not stored: 410 when it is at
// or below the pruned height, else 404 (saying when the chain has not reached it yet).
HttpResponse missing_height(storage::QueryStore& store, std::string_view what,
                            std::uint64_t height);

Reply<storage::BlockRecord> block_at(storage::QueryStore& store, std::uint64_t height);
Reply<DecodedBlock> decoded(Reply<storage::BlockRecord> record);

// Looks a block up by the hash in path parameter `param`, a TaggedBase64 with `tag`, through
// `lookup` (the store's by-hash or by-payload-hash query).
template <typename Lookup>
Reply<storage::BlockRecord> block_by(const PathParams& params, std::string_view param,
                                     std::string_view tag, Lookup&& lookup) {
  auto bytes = param_tagged_base64(params, param, tag);
  if (!bytes) return tl::unexpected(std::move(bytes).error());
  if (bytes->size() != 32) {
    return tl::unexpected(
        bad_param_response(param, *params.find(param), "expected a 32-byte hash"));
  }
  Hash32 hash{};
  std::copy(bytes->begin(), bytes->end(), hash.begin());
  auto found = lookup(hash);
  if (!found) return tl::unexpected(storage_failure(found.error()));
  if (!*found) {
    return tl::unexpected(error_response(
        404, "no block with " + std::string(param) + " " + std::string(*params.find(param))));
  }
  return std::move(**found);
}

// :from/:until with until - from <= limit (upstream availability range routes): half-open
// [from, until); 400 for until < from or a range above the limit.
Reply<std::pair<std::uint64_t, std::uint64_t>> range_params(const PathParams& params,
                                                            std::size_t limit);

// Whole records, or only what leaves and VID common data need (no payload, share or
// transaction index).
enum class RecordScope { kWhole, kMetadata };

// Every block of [from, until), or 404/410 for the first one missing.
Reply<std::vector<storage::BlockRecord>> blocks_in(storage::QueryStore& store, std::uint64_t from,
                                                   std::uint64_t until,
                                                   RecordScope scope = RecordScope::kWhole);

// JSON body from a result of an encoder (500 when the stored data does not encode).
HttpResponse json_or_failure(const Result<nlohmann::json>& value);

}  // namespace espresso::query
