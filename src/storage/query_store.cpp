// Default implementations of the QueryStore calls added after the first release of the
// interface, so decorators and fakes written against it keep compiling; the SQL stores override
// them with single queries.

#include "storage/query_store.hpp"

#include <algorithm>

namespace espresso::storage {

Result<std::vector<BlockSummary>> QueryStore::summaries_in_range(std::uint64_t from,
                                                                 std::uint64_t until) {
  std::vector<BlockSummary> summaries;
  for (std::uint64_t height = from; height < until; ++height) {
    auto summary = this->summary(height);
    if (!summary) return fail(std::move(summary).error());
    if (*summary) summaries.push_back(**summary);
    if (height == UINT64_MAX) break;
  }
  return summaries;
}

BlockListing listing_of(const BlockRecord& block) {
  return BlockListing{block.height, block.timestamp, block.block_hash, block.payload.size(),
                      block.transactions};
}

Result<std::vector<BlockListing>> QueryStore::listings_in_range(std::uint64_t from,
                                                                std::uint64_t until) {
  auto blocks = blocks_in_range(from, until);
  if (!blocks) return fail(std::move(blocks).error());
  std::vector<BlockListing> listings;
  listings.reserve(blocks->size());
  for (const BlockRecord& block : *blocks) listings.push_back(listing_of(block));
  return listings;
}

Result<SyncCounts> QueryStore::sync_counts() {
  SyncCounts counts;
  auto height = block_height();
  if (!height) return fail(std::move(height).error());
  counts.block_height = *height;
  auto pruned = pruned_height();
  if (!pruned) return fail(std::move(pruned).error());
  counts.pruned_height = *pruned;
  constexpr std::uint64_t kChunk = 1000;
  for (std::uint64_t from = *pruned ? **pruned + 1 : 0; from < counts.block_height;
       from += kChunk) {
    auto blocks = blocks_in_range(from, std::min(counts.block_height, from + kChunk));
    if (!blocks) return fail(std::move(blocks).error());
    counts.stored_blocks += blocks->size();
    counts.blocks_without_vid_share += static_cast<std::uint64_t>(
        std::count_if(blocks->begin(), blocks->end(),
                      [](const BlockRecord& block) { return !block.vid_share.has_value(); }));
  }
  return counts;
}

Result<bool> QueryStore::compact() {
  return false;
}

}  // namespace espresso::storage
