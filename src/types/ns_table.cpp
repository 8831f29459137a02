#include "types/ns_table.hpp"

#include <algorithm>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "types/codec.hpp"
#include "types/json_fields.hpp"
#include "types/le_uint.hpp"

namespace espresso {

std::string_view to_string(NsTableError error) {
  switch (error) {
    case NsTableError::kInvalidByteLen:
      return "namespace table length is not 4 + 8k bytes";
    case NsTableError::kInvalidHeader:
      return "namespace table header count differs from its number of entries";
    case NsTableError::kDuplicateNamespaceId:
      return "namespace table has a duplicate namespace id";
    case NsTableError::kNonIncreasingEntries:
      return "namespace table offsets are not strictly increasing from zero";
    case NsTableError::kInvalidFinalOffset:
      return "namespace table final offset differs from the payload length";
    case NsTableError::kExpectNonemptyNsTable:
      return "namespace table is empty but the payload is not";
  }
  return "unknown namespace table error";
}

std::size_t NsTable::num_entries() const {
  return bytes_.size() < kNumNssByteLen ? 0 : (bytes_.size() - kNumNssByteLen) / kNsEntryByteLen;
}

NamespaceId NsTable::ns_id(std::size_t index) const {
  ESEQ_CHECK(index < num_entries(), "namespace index in bounds");
  std::size_t start = kNumNssByteLen + index * kNsEntryByteLen;
  return le::read_u32(ByteView(bytes_).subspan(start, kNsIdByteLen));
}

std::uint32_t NsTable::end_offset(std::size_t index) const {
  ESEQ_CHECK(index < num_entries(), "namespace index in bounds");
  std::size_t start = kNumNssByteLen + index * kNsEntryByteLen + kNsIdByteLen;
  return le::read_u32(ByteView(bytes_).subspan(start, kNsOffsetByteLen));
}

std::optional<std::size_t> NsTable::find(NamespaceId id) const {
  for (std::size_t i = 0; i < num_entries(); ++i) {
    if (ns_id(i) == id) return i;
  }
  return std::nullopt;
}

ByteRange NsTable::ns_range(std::size_t index, std::size_t payload_len) const {
  std::size_t end = std::min<std::size_t>(end_offset(index), payload_len);
  std::size_t start = index == 0 ? 0 : std::min<std::size_t>(end_offset(index - 1), end);
  return {start, end};
}

std::optional<NsTableError> NsTable::check_invariants() const {
  if (bytes_.size() < kNumNssByteLen || (bytes_.size() - kNumNssByteLen) % kNsEntryByteLen != 0) {
    return NsTableError::kInvalidByteLen;
  }
  std::uint32_t declared = le::read_u32(ByteView(bytes_).first(kNumNssByteLen));
  if (declared != num_entries()) return NsTableError::kInvalidHeader;
  std::unordered_set<NamespaceId> seen;
  std::uint32_t previous_end = 0;
  for (std::size_t i = 0; i < num_entries(); ++i) {
    if (!seen.insert(ns_id(i)).second) return NsTableError::kDuplicateNamespaceId;
    std::uint32_t end = end_offset(i);
    if (end <= previous_end) return NsTableError::kNonIncreasingEntries;
    previous_end = end;
  }
  return std::nullopt;
}

std::optional<NsTableError> NsTable::validate(std::size_t payload_len) const {
  if (auto error = check_invariants()) return error;
  std::size_t n = num_entries();
  if (n > 0) {
    if (end_offset(n - 1) != payload_len) return NsTableError::kInvalidFinalOffset;
  } else if (payload_len != 0) {
    return NsTableError::kExpectNonemptyNsTable;
  }
  return std::nullopt;
}

void NsTableBuilder::append(NamespaceId id, std::uint32_t end_offset) {
  ESEQ_CHECK(id <= kMaxNamespaceId, "namespace id fits the 4-byte table entry");
  le::append_u32(entries_, static_cast<std::uint32_t>(id));
  le::append_u32(entries_, end_offset);
  ++count_;
}

NsTable NsTableBuilder::build() const {
  Bytes bytes;
  bytes.reserve(kNumNssByteLen + entries_.size());
  le::append_u32(bytes, count_);
  espresso::append(bytes, entries_);
  return NsTable(std::move(bytes));
}

Result<NsTable> ns_table_from_json(const nlohmann::json& json) {
  auto field = json_fields::member(json, "bytes");
  if (!field) return fail(std::move(field).error().context("ns_table"));
  auto text_value = json_fields::as_string(**field);
  if (!text_value) return fail(std::move(text_value).error().context("ns_table: bytes"));
  auto bytes = text::base64_decode(*text_value);
  if (!bytes) return fail(std::move(bytes).error().context("ns_table: bytes"));
  NsTable table(std::move(*bytes));
  if (auto error = table.check_invariants()) {
    return fail("ns_table: " + std::string(to_string(*error)) + " in " +
                json_fields::quote(**field));
  }
  return table;
}

nlohmann::json to_json(const NsTable& table) {
  return {{"bytes", text::base64_encode(table.bytes())}};
}

Commitment commit(const NsTable& table) {
  // impls/block/full_payload/ns_table.rs, `impl Committable for NsTable`.
  return {"NSTABLE", CommitmentBuilder("NSTABLE").var_size_bytes(table.bytes()).finalize()};
}

}  // namespace espresso
