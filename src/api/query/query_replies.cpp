#include "api/query/query_replies.hpp"

namespace espresso::query {

HttpResponse storage_failure(const Error& error) {
  return error_response(500, "storage error: " + error.message);
}

HttpResponse missing_height(storage::QueryStore& store, std::string_view what,
                            std::uint64_t height) {
  std::string subject = std::string(what) + " " + std::to_string(height);
  auto pruned = store.pruned_height();
  if (pruned && *pruned && height <= **pruned) {
    return error_response(410, subject + " was pruned (this node keeps heights above " +
                                   std::to_string(**pruned) + ")");
  }
  auto chain_height = store.block_height();
  if (chain_height && height >= *chain_height) {
    return error_response(404, subject + " not available yet (block height is " +
                                   std::to_string(*chain_height) + ")");
  }
  return error_response(404, subject + " missing or not available");
}

Reply<storage::BlockRecord> block_at(storage::QueryStore& store, std::uint64_t height) {
  auto found = store.block_by_height(height);
  if (!found) return tl::unexpected(storage_failure(found.error()));
  if (!*found) return tl::unexpected(missing_height(store, "block", height));
  return std::move(**found);
}

Reply<DecodedBlock> decoded(Reply<storage::BlockRecord> record) {
  if (!record) return tl::unexpected(std::move(record).error());
  auto block = decode_block(std::move(*record));
  if (!block) return tl::unexpected(storage_failure(block.error()));
  return std::move(*block);
}

Reply<std::pair<std::uint64_t, std::uint64_t>> range_params(const PathParams& params,
                                                            std::size_t limit) {
  auto from = param_u64(params, "from");
  if (!from) return tl::unexpected(std::move(from).error());
  auto until = param_u64(params, "until");
  if (!until) return tl::unexpected(std::move(until).error());
  if (*until < *from) {
    return tl::unexpected(bad_param_response(
        "until", *params.find("until"), "expected at least from (" + std::to_string(*from) + ")"));
  }
  if (*until - *from > limit) {
    return tl::unexpected(
        bad_param_response("until", *params.find("until"),
                           "range [" + std::to_string(*from) + ", " + std::to_string(*until) +
                               ") exceeds the limit of " + std::to_string(limit) + " objects"));
  }
  return std::pair{*from, *until};
}

Reply<std::vector<storage::BlockRecord>> blocks_in(storage::QueryStore& store, std::uint64_t from,
                                                   std::uint64_t until, RecordScope scope) {
  auto blocks = scope == RecordScope::kWhole ? store.blocks_in_range(from, until)
                                             : store.block_metadata_in_range(from, until);
  if (!blocks) return tl::unexpected(storage_failure(blocks.error()));
  for (std::uint64_t height = from; height < until; ++height) {
    std::size_t i = height - from;
    if (i >= blocks->size() || (*blocks)[i].height != height) {
      return tl::unexpected(missing_height(store, "block", height));
    }
  }
  return std::move(*blocks);
}

HttpResponse json_or_failure(const Result<nlohmann::json>& value) {
  if (!value) return storage_failure(value.error());
  return json_response(*value);
}

}  // namespace espresso::query
