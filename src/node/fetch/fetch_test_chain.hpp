#pragma once
// Tests and bench only: a linked chain of real blocks whose leaves carry their header's bincode
// (as the node's chain builds them), so leaf commitments can be recomputed from fetched JSON.

#include <cstdint>
#include <vector>

#include "api/query/block_record.hpp"
#include "api/query/test_chain.hpp"
#include "types/bincode.hpp"

namespace espresso::fetch::testing {

inline std::vector<query::BlockParts> make_chain(std::uint64_t count) {
  std::vector<query::BlockParts> chain;
  Hash32 parent{};
  for (std::uint64_t height = 0; height < count; ++height) {
    query::BlockParts parts = query::testing::make_block(height, parent);
    parts.leaf.header = bincode::encode(parts.header);
    parent = parts.leaf.commitment();
    chain.push_back(std::move(parts));
  }
  return chain;
}

inline std::vector<storage::BlockRecord> records_of(const std::vector<query::BlockParts>& chain) {
  std::vector<storage::BlockRecord> records;
  for (const query::BlockParts& parts : chain) {
    auto record = query::make_block_record(parts);
    ESEQ_CHECK(record.has_value(), "fetch test block record");
    records.push_back(std::move(*record));
  }
  return records;
}

}  // namespace espresso::fetch::testing
