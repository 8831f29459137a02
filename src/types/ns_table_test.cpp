#include "types/ns_table.hpp"

#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck/gtest.h>

#include "types/le_uint.hpp"

namespace espresso {
namespace {

NsTable table_of(std::uint32_t declared,
                 std::vector<std::pair<std::uint32_t, std::uint32_t>> entries) {
  Bytes bytes;
  le::append_u32(bytes, declared);
  for (auto [id, end] : entries) {
    le::append_u32(bytes, id);
    le::append_u32(bytes, end);
  }
  return NsTable(bytes);
}

TEST(NsTable, ValidationErrorsAsUpstream) {
  EXPECT_FALSE(table_of(0, {}).validate(0));
  EXPECT_FALSE(table_of(2, {{1, 5}, {2, 9}}).validate(9));
  EXPECT_EQ(table_of(0, {}).validate(1), NsTableError::kExpectNonemptyNsTable);
  EXPECT_EQ(NsTable(Bytes{0, 0, 0}).validate(0), NsTableError::kInvalidByteLen);
  EXPECT_EQ(NsTable(Bytes{0, 0, 0, 0, 1}).validate(0), NsTableError::kInvalidByteLen);
  EXPECT_EQ(table_of(3, {{1, 5}, {2, 9}}).validate(9), NsTableError::kInvalidHeader);
  EXPECT_EQ(table_of(2, {{1, 5}, {1, 9}}).validate(9), NsTableError::kDuplicateNamespaceId);
  EXPECT_EQ(table_of(2, {{1, 9}, {2, 5}}).validate(9), NsTableError::kNonIncreasingEntries);
  EXPECT_EQ(table_of(2, {{1, 5}, {2, 5}}).validate(5), NsTableError::kNonIncreasingEntries);
  EXPECT_EQ(table_of(1, {{1, 0}}).validate(0), NsTableError::kNonIncreasingEntries);
  EXPECT_EQ(table_of(2, {{1, 5}, {2, 9}}).validate(10), NsTableError::kInvalidFinalOffset);
}

TEST(NsTable, NamespaceIdsNeedNotBeSorted) {
  // Upstream checks offsets, not namespace order.
  EXPECT_FALSE(table_of(2, {{9, 5}, {2, 9}}).validate(9));
}

TEST(NsTable, RangesAreClampedIntoThePayload) {
  NsTable table = table_of(3, {{1, 5}, {2, 3}, {3, 100}});
  EXPECT_EQ(table.ns_range(0, 10), (ByteRange{0, 5}));
  EXPECT_EQ(table.ns_range(1, 10), (ByteRange{3, 3}));  // start clamped to end
  EXPECT_EQ(table.ns_range(2, 10), (ByteRange{3, 10}));
  EXPECT_EQ(table.find(3), std::optional<std::size_t>(2));
  EXPECT_FALSE(table.find(4));
}

TEST(NsTable, JsonRejectsInvalidTables) {
  EXPECT_TRUE(ns_table_from_json({{"bytes", "AAAAAA=="}}));
  auto bad_header = ns_table_from_json({{"bytes", "AQAAAA=="}});  // declares 1, has 0
  ASSERT_FALSE(bad_header);
  EXPECT_NE(bad_header.error().message.find("header"), std::string::npos);
  EXPECT_FALSE(ns_table_from_json({{"bytes", "not base64"}}));
  EXPECT_FALSE(ns_table_from_json({{"bytes", 5}}));
  EXPECT_FALSE(ns_table_from_json(nlohmann::json::array()));
}

RC_GTEST_PROP(NsTable, ArbitraryBytesNeverFaultAndAcceptedTablesHoldTheInvariants, ()) {
  auto bytes = *rc::gen::container<Bytes>(rc::gen::arbitrary<std::uint8_t>());
  // Bias towards plausible lengths and small counts so that acceptance is reachable.
  if (*rc::gen::arbitrary<bool>() && bytes.size() >= 4) {
    bytes.resize(4 + (bytes.size() - 4) / 8 * 8);
    le::write_u32(bytes, static_cast<std::uint32_t>((bytes.size() - 4) / 8));
  }
  NsTable table(bytes);
  auto error = table.check_invariants();
  std::size_t n = table.num_entries();
  for (std::size_t i = 0; i < n; ++i) (void)table.ns_range(i, 1000);
  if (!error) {
    RC_ASSERT(bytes.size() == 4 + 8 * n);
    std::set<NamespaceId> ids;
    std::uint32_t previous = 0;
    for (std::size_t i = 0; i < n; ++i) {
      RC_ASSERT(ids.insert(table.ns_id(i)).second);
      RC_ASSERT(table.end_offset(i) > previous);
      previous = table.end_offset(i);
    }
  }
}

RC_GTEST_PROP(NsTable, BrokenTablesAreRejected, ()) {
  auto count = *rc::gen::inRange<std::uint32_t>(2, 10);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> entries;
  std::uint32_t end = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    end += *rc::gen::inRange<std::uint32_t>(1, 100);
    entries.emplace_back(i * 3 + 1, end);
  }
  RC_ASSERT(!table_of(count, entries).validate(end));
  auto which = *rc::gen::inRange<std::size_t>(1, count);
  auto broken = entries;
  switch (*rc::gen::inRange(0, 4)) {
    case 0:
      broken[which].first = broken[which - 1].first;
      RC_ASSERT(table_of(count, broken).validate(end) == NsTableError::kDuplicateNamespaceId);
      break;
    case 1:
      broken[which].second = broken[which - 1].second;
      RC_ASSERT(table_of(count, broken).validate(end) == NsTableError::kNonIncreasingEntries);
      break;
    case 2:
      RC_ASSERT(table_of(count + 1, broken).validate(end) == NsTableError::kInvalidHeader);
      break;
    default:
      RC_ASSERT(table_of(count, broken).validate(end + 1) == NsTableError::kInvalidFinalOffset);
  }
}

}  // namespace
}  // namespace espresso
