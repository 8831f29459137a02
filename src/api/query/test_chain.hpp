#pragma once
// Real blocks for the query tests and the query benchmark: payloads built from transactions of a
// few namespaces (types/), dispersed with our VID (vid/), headers committing to them, stored in a
// SQLite query store through make_block_record.

#include <memory>
#include <string>
#include <vector>

#include "api/query/block_record.hpp"
#include "common/check.hpp"
#include "storage/query_store.hpp"
#include "types/payload.hpp"
#include "vid/dispersal.hpp"

namespace espresso::query::testing {

inline constexpr std::uint64_t kGenesisTimestamp = 1'700'000'000;

// Block `height`: namespaces 10 and 20 with `height % 4 + 1` transactions each (namespace 20 is
// absent from even blocks), timestamps 10 s apart.
inline BlockParts make_block(std::uint64_t height, const Hash32& parent = {}) {
  std::vector<Transaction> transactions;
  std::size_t per_namespace = height % 4 + 1;
  for (std::size_t i = 0; i < per_namespace; ++i) {
    transactions.push_back({10, Bytes(20 + i, static_cast<std::uint8_t>(height + i))});
    if (height % 2 == 1) {
      transactions.push_back({20, Bytes(5000 + i, static_cast<std::uint8_t>(7 * height + i))});
    }
  }
  auto built = build_payload(transactions, 1 << 20);
  ESEQ_CHECK(built.has_value(), "test block payload");
  const Payload& payload = built->payload;
  std::vector<std::uint64_t> weights = {1, 1, 1, 1};
  auto dispersal = vid::disperse(payload.raw_payload, weights);
  ESEQ_CHECK(dispersal.has_value(), "test block dispersal");

  BlockParts parts;
  parts.header.height = height;
  parts.header.timestamp = kGenesisTimestamp + 10 * height;
  parts.header.l1_head = 100 + height;
  parts.header.payload_commitment =
      TaggedBase64{"HASH", Bytes(dispersal->commitment.begin(), dispersal->commitment.end())};
  parts.header.builder_commitment = builder_commitment(payload).digest;
  parts.header.ns_table = payload.ns_table;
  parts.leaf.view = height + 1;
  parts.leaf.height = height;
  parts.leaf.parent = parent;
  parts.leaf.payload_commitment = dispersal->commitment;
  parts.payload = payload.raw_payload;
  parts.vid_common = dispersal->common;
  parts.vid_share = dispersal->shares.front();
  return parts;
}

// Blocks 0..count-1 linked by leaf commitments.
inline std::vector<storage::BlockRecord> make_records(std::uint64_t count) {
  std::vector<storage::BlockRecord> records;
  Hash32 parent{};
  for (std::uint64_t height = 0; height < count; ++height) {
    auto record = make_block_record(make_block(height, parent));
    ESEQ_CHECK(record.has_value(), "test block record");
    parent = record->leaf_hash;
    records.push_back(std::move(*record));
  }
  return records;
}

inline std::shared_ptr<storage::QueryStore> make_store(const std::string& path,
                                                       std::uint64_t count) {
  auto store = storage::make_sqlite_query_store(path);
  ESEQ_CHECK(store.has_value(), "test query store");
  auto records = make_records(count);
  ESEQ_CHECK((*store)->insert_blocks(records).has_value(), "test block insert");
  return std::shared_ptr<storage::QueryStore>(std::move(*store));
}

}  // namespace espresso::query::testing
