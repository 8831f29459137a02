#include "node/fetch/block_fetcher.hpp"

#include <algorithm>
#include <deque>
#include <future>
#include <optional>
#include <thread>

#include <spdlog/spdlog.h>

#include "api/client/http_client.hpp"
#include "api/query/block_record.hpp"
#include "common/check.hpp"
#include "node/fetch/fetched_block_json.hpp"
#include "types/payload.hpp"
#include "vid/commitment.hpp"

namespace espresso::fetch {
namespace {

constexpr std::uint64_t kGapScanWindow = 10'000;

std::string range_text(std::uint64_t from, std::uint64_t until) {
  return "[" + std::to_string(from) + ", " + std::to_string(until) + ")";
}

// The parent commitment in a leaf this node stored: the trust anchor for the gap below it.
Result<Hash32> stored_parent(storage::QueryStore& store, std::uint64_t height) {
  auto record = store.block_by_height(height);
  if (!record) return fail(std::move(record).error());
  if (!*record) return fail("block " + std::to_string(height) + " is not stored");
  const Bytes& text = (*record)->leaf;
  auto json = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  auto leaf = fetched_leaf_from_json(json);
  if (!leaf) return fail(std::move(leaf).error().context("stored leaf " + std::to_string(height)));
  return leaf->leaf.parent;
}

Result<nlohmann::json> get_array(HttpClient& client, const std::string& url, std::size_t count) {
  auto json = client.get_json(url);
  if (!json) return fail(std::move(json).error());
  if (!json->is_array() || json->size() != count) {
    return fail("GET " + url + ": expected an array of " + std::to_string(count) + " items, got " +
                (json->is_array() ? std::to_string(json->size()) + " items" : "no array"));
  }
  return json;
}

// Checks that one fetched block is consistent in itself: its leaf, the header inside it, the VID
// common data and the payload all commit to each other. Whether the leaf is the one its child
// names is checked later, in order (link_chunk).
Result<query::BlockParts> check_block(FetchedLeaf fetched, const nlohmann::json& block_json,
                                      const nlohmann::json& common_json, std::uint64_t height) {
  std::string where = "block " + std::to_string(height) + ": ";
  const consensus::Leaf& leaf = fetched.leaf;
  if (leaf.height != height || fetched.header.height != height) {
    return fail(where + "leaf says height " + std::to_string(leaf.height) + ", header " +
                std::to_string(fetched.header.height));
  }
  if (fetched.qc && fetched.qc->subject != leaf.commitment()) {
    return fail(where + "QC is for another leaf");
  }
  const Bytes& header_commitment = fetched.header.payload_commitment.value;
  if (!std::equal(header_commitment.begin(), header_commitment.end(),
                  leaf.payload_commitment.begin(), leaf.payload_commitment.end())) {
    return fail(where + "header payload commitment " +
                fetched.header.payload_commitment.to_string() + " differs from the leaf's");
  }
  auto common = vid_common_from_json(common_json);
  if (!common) return fail(std::move(common).error().context(where + "vid common"));
  if (auto ok = vid::verify_common(leaf.payload_commitment, *common); !ok) {
    return fail(std::move(ok).error().context(where + "vid common"));
  }
  auto payload_field = block_json.is_object() ? block_json.find("data") : block_json.end();
  if (payload_field == block_json.end()) return fail(where + "block without \"payload\"");
  auto payload = payload_from_json(*payload_field);
  if (!payload) return fail(std::move(payload).error().context(where + "payload"));
  if (payload->raw_payload.size() != common->payload_len ||
      vid::payload_chunk_root(payload->raw_payload, common->recovery) != common->payload_root) {
    return fail(where + "payload (" + std::to_string(payload->raw_payload.size()) +
                " bytes) does not match the payload commitment " +
                fetched.header.payload_commitment.to_string());
  }
  query::BlockParts parts;
  parts.leaf = std::move(fetched.leaf);
  parts.qc = std::move(fetched.qc);
  parts.header = std::move(fetched.header);
  parts.payload = std::move(payload->raw_payload);
  parts.vid_common = std::move(*common);
  return parts;
}

}  // namespace

Result<std::vector<Gap>> find_gaps(storage::QueryStore& store) {
  auto top = store.block_height();
  if (!top) return fail(std::move(top).error());
  auto pruned = store.pruned_height();
  if (!pruned) return fail(std::move(pruned).error());
  // Height 0 is the genesis block, which every node derives from the genesis file and no node
  // stores: decided history starts at height 1.
  std::uint64_t expected = *pruned ? **pruned + 1 : 1;
  std::vector<Gap> gaps;
  for (std::uint64_t from = expected; from < *top; from += kGapScanWindow) {
    std::uint64_t until = std::min(*top, from + kGapScanWindow);
    auto summaries = store.summaries_in_range(from, until);
    if (!summaries) return fail(std::move(summaries).error());
    for (const storage::BlockSummary& summary : *summaries) {
      if (summary.height > expected) gaps.push_back({expected, summary.height});
      expected = summary.height + 1;
    }
  }
  return gaps;
}

namespace {

// What one peer answered for [from, until): three JSON arrays, not verified yet.
struct RawChunk {
  std::uint64_t from = 0;
  std::uint64_t until = 0;
  nlohmann::json leaves;
  nlohmann::json payloads;
  nlohmann::json commons;
};

// VID common data of [from, until): one range request, or one request per block from a peer
// without the range route (it is ours, not upstream's).
Result<nlohmann::json> download_commons(HttpClient& client, const std::string& base,
                                        std::uint64_t from, std::uint64_t until) {
  auto range =
      get_array(client, base + "vid/common/" + std::to_string(from) + "/" + std::to_string(until),
                until - from);
  if (range) return range;
  nlohmann::json commons = nlohmann::json::array();
  for (std::uint64_t height = from; height < until; ++height) {
    auto common = client.get_json(base + "vid/common/" + std::to_string(height));
    if (!common) return fail(std::move(common).error());
    commons.push_back(std::move(*common));
  }
  return commons;
}

Result<RawChunk> download(HttpClient& client, const std::string& peer, std::uint64_t from,
                          std::uint64_t until) {
  const std::string base = peer + "/v0/availability/";
  const std::string range = std::to_string(from) + "/" + std::to_string(until);
  RawChunk raw{from, until, {}, {}, {}};
  auto leaves = get_array(client, base + "leaf/" + range, until - from);
  if (!leaves) return fail(std::move(leaves).error());
  raw.leaves = std::move(*leaves);
  // payload/ rather than block/: the header comes inside the leaf.
  auto payloads = get_array(client, base + "payload/" + range, until - from);
  if (!payloads) return fail(std::move(payloads).error());
  raw.payloads = std::move(*payloads);
  auto commons = download_commons(client, base, from, until);
  if (!commons) return fail(std::move(commons).error());
  raw.commons = std::move(*commons);
  return raw;
}

// A downloaded chunk whose blocks each checked out (check_block), lowest first, with the
// commitment and parent commitment of each leaf; not yet linked to the chain above it.
struct CheckedChunk {
  std::vector<storage::BlockRecord> records;
  std::vector<Hash32> commitments;
  std::vector<Hash32> parents;
};

// Runs on the download thread: everything that does not need the chunk above.
Result<CheckedChunk> check_chunk(RawChunk raw) {
  const std::size_t count = raw.until - raw.from;
  CheckedChunk checked;
  checked.records.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t height = raw.from + i;
    auto fetched = fetched_leaf_from_json(raw.leaves[i]);
    if (!fetched) return fail(std::move(fetched).error().context("leaf " + std::to_string(height)));
    checked.commitments.push_back(fetched->leaf.commitment());
    checked.parents.push_back(fetched->leaf.parent);
    auto parts = check_block(std::move(*fetched), raw.payloads[i], raw.commons[i], height);
    if (!parts) return fail(std::move(parts).error());
    auto record = query::make_block_record(std::move(*parts));
    if (!record) return fail(std::move(record).error());
    checked.records[i] = std::move(*record);
  }
  return checked;
}

// The chunk's leaves must link top down to `expected_top`: each is the parent its child names.
Status link_chunk(const CheckedChunk& chunk, std::uint64_t from, const Hash32& expected_top) {
  Hash32 expected = expected_top;
  for (std::size_t i = chunk.records.size(); i-- > 0;) {
    if (chunk.commitments[i] != expected) {
      return fail("block " + std::to_string(from + i) + ": leaf commitment " +
                  query::leaf_hash_text(chunk.commitments[i]) +
                  " differs from the parent commitment above it " +
                  query::leaf_hash_text(expected));
    }
    expected = chunk.parents[i];
  }
  return {};
}

Result<CheckedChunk> download_and_check(HttpClient& client, const std::string& peer,
                                        std::uint64_t from, std::uint64_t until) {
  auto raw = download(client, peer, from, until);
  if (!raw) return fail(std::move(raw).error());
  return check_chunk(std::move(*raw));
}

// One chunk of one gap; `gap_top` is the stored block above the gap.
struct ChunkRange {
  std::uint64_t from = 0;
  std::uint64_t until = 0;
  std::optional<std::uint64_t> gap_top;  // set on the first (highest) chunk of each gap
};

std::vector<ChunkRange> plan_chunks(const std::vector<Gap>& gaps, std::size_t chunk_size) {
  std::vector<ChunkRange> chunks;
  for (const Gap& gap : gaps) {
    for (std::uint64_t until = gap.until; until > gap.from;) {
      const std::uint64_t from = until - std::min<std::uint64_t>(until - gap.from, chunk_size);
      chunks.push_back({from, until, until == gap.until ? std::optional(gap.until) : std::nullopt});
      until = from;
    }
  }
  return chunks;
}

}  // namespace

struct BlockFetcher::Impl {
  storage::QueryStore& store;
  FetchOptions options;
  HttpClient client;                         // the calling thread's
  std::vector<HttpClient> download_clients;  // task i uses client i % size (one task each)

  // Asks each peer in turn for the chunk (the first peer's answer may already be there);
  // stores the first verified answer and returns the parent commitment below it.
  Result<Hash32> fill_chunk(const ChunkRange& chunk, const Hash32& expected_top,
                            Result<CheckedChunk> first_answer, FetchReport& report) {
    for (std::size_t attempt = 0; attempt < options.peers.size(); ++attempt) {
      const std::string& peer = options.peers[attempt];
      if (attempt > 0) std::this_thread::sleep_for(options.active_fetch_delay);
      Result<CheckedChunk> checked =
          attempt == 0 ? std::move(first_answer)
                       : download_and_check(client, peer, chunk.from, chunk.until);
      Status linked =
          checked ? link_chunk(*checked, chunk.from, expected_top) : Status(fail(checked.error()));
      if (!linked) {
        std::string line = "peer " + peer + " blocks " + range_text(chunk.from, chunk.until) +
                           ": " + linked.error().message;
        spdlog::warn("fetch: skipping {}", line);
        report.rejected.push_back(std::move(line));
        continue;
      }
      if (auto stored = store.insert_blocks(checked->records); !stored) {
        return fail(std::move(stored).error().context("fetch: storing " +
                                                      range_text(chunk.from, chunk.until)));
      }
      report.blocks_stored += checked->records.size();
      // The blocks are stored either way; a step left undone is redone after the next insert.
      for (;;) {
        auto stepped = store.compact();
        if (!stepped) spdlog::warn("fetch: {}", stepped.error().message);
        if (!stepped || !*stepped) break;
      }
      return checked->parents.front();
    }
    return fail("fetch: no peer served verified blocks " + range_text(chunk.from, chunk.until) +
                " (" + std::to_string(options.peers.size()) + " peers asked)");
  }

  // Downloads and checks chunk `index` from the first peer on another thread, after the chunk
  // delay.
  std::future<Result<CheckedChunk>> prefetch(const std::vector<ChunkRange>& chunks,
                                             std::size_t index) {
    return std::async(std::launch::async, [this, chunk = chunks[index], index] {
      if (index > 0) std::this_thread::sleep_for(options.chunk_fetch_delay);
      HttpClient& own = download_clients[index % download_clients.size()];
      return download_and_check(own, options.peers.front(), chunk.from, chunk.until);
    });
  }
};

BlockFetcher::BlockFetcher(storage::QueryStore& store, FetchOptions options)
    : impl_(std::make_unique<Impl>(Impl{store, std::move(options), HttpClient{}, {}})) {
  if (impl_->options.chunk_size == 0) impl_->options.chunk_size = 1;
  impl_->download_clients.resize(std::max<std::size_t>(impl_->options.parallel_downloads, 1));
}

BlockFetcher::~BlockFetcher() = default;

// Chunks are downloaded and checked on other threads (up to parallel_downloads at once), then
// linked to the chain above them and stored in order, top down: the peer's work, the transfers and
// the checks overlap this node's storage.
Result<FetchReport> BlockFetcher::fill_gaps(std::stop_token stop) {
  FetchReport report;
  auto gaps = find_gaps(impl_->store);
  if (!gaps) return fail(std::move(gaps).error());
  const std::vector<ChunkRange> chunks = plan_chunks(*gaps, impl_->options.chunk_size);
  if (chunks.empty()) return report;
  if (impl_->options.peers.empty()) return fail("fetch: no peers to fetch missing blocks from");
  Hash32 expected{};
  std::deque<std::future<Result<CheckedChunk>>> downloads;  // chunks i, i+1, ... in order
  std::size_t launched = 0;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    while (launched < chunks.size() && launched < i + impl_->download_clients.size()) {
      downloads.push_back(impl_->prefetch(chunks, launched++));
    }
    Result<CheckedChunk> answer = downloads.front().get();
    downloads.pop_front();
    if (stop.stop_requested()) return report;
    if (chunks[i].gap_top) {
      auto trusted = stored_parent(impl_->store, *chunks[i].gap_top);
      if (!trusted) return fail(std::move(trusted).error().context("fetch: trusted block"));
      expected = *trusted;
    }
    auto below = impl_->fill_chunk(chunks[i], expected, std::move(answer), report);
    if (!below) return fail(std::move(below).error());
    expected = *below;
  }
  return report;
}

}  // namespace espresso::fetch
