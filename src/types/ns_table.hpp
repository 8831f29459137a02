#pragma once
// The namespace table of a block: which namespaces a payload holds and where each one ends.
//
// Layout (types/src/v0/v0_1/block.rs, impls/block/full_payload/ns_table.rs):
//   u32 LE declared entry count, then entries of (u32 LE namespace id, u32 LE end offset).
// Any byte string is a readable table: the entry count is the number of whole entries that fit
// (the declared count is only checked by validate()), and ranges are clamped to the payload.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "types/committable.hpp"
#include "types/transaction.hpp"

namespace espresso {

inline constexpr std::size_t kNumNssByteLen = 4;
inline constexpr std::size_t kNsIdByteLen = 4;
inline constexpr std::size_t kNsOffsetByteLen = 4;
inline constexpr std::size_t kNsEntryByteLen = kNsIdByteLen + kNsOffsetByteLen;

// Why a table is rejected; names as upstream's `NsTableValidationError`.
enum class NsTableError {
  kInvalidByteLen,         // not 4 + 8k bytes
  kInvalidHeader,          // declared count differs from the number of entries
  kDuplicateNamespaceId,   // a namespace appears twice
  kNonIncreasingEntries,   // an end offset is zero or not above the previous one
  kInvalidFinalOffset,     // the last end offset is not the payload length
  kExpectNonemptyNsTable,  // no entries but a non-empty payload
};
std::string_view to_string(NsTableError error);

// Half-open byte range of one namespace inside the block payload.
struct ByteRange {
  std::size_t start = 0;
  std::size_t end = 0;
  std::size_t size() const { return end - start; }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

class NsTable {
 public:
  NsTable() = default;
  explicit NsTable(Bytes bytes) : bytes_(std::move(bytes)) {}

  const Bytes& bytes() const { return bytes_; }

  // Number of whole entries that fit after the header (upstream `len`).
  std::size_t num_entries() const;
  // Entry `index` (< num_entries()).
  NamespaceId ns_id(std::size_t index) const;
  std::uint32_t end_offset(std::size_t index) const;
  // First entry with this namespace, if any.
  std::optional<std::size_t> find(NamespaceId id) const;
  // The namespace's bytes: end = min(declared end, payload_len), start = min(previous end, end).
  ByteRange ns_range(std::size_t index, std::size_t payload_len) const;

  // Conditions that need only the table (checked when JSON is parsed, as upstream).
  std::optional<NsTableError> check_invariants() const;
  // All conditions, including the final offset against the payload length.
  std::optional<NsTableError> validate(std::size_t payload_len) const;

  friend bool operator==(const NsTable&, const NsTable&) = default;

 private:
  Bytes bytes_;
};

// Appends entries in order and writes the header count.
class NsTableBuilder {
 public:
  void append(NamespaceId id, std::uint32_t end_offset);
  NsTable build() const;

 private:
  Bytes entries_;
  std::uint32_t count_ = 0;
};

// {"bytes": "<base64>"}; rejects tables that fail check_invariants(), as upstream's serde does.
Result<NsTable> ns_table_from_json(const nlohmann::json& json);
nlohmann::json to_json(const NsTable& table);

// Tag "NSTABLE": constant "NSTABLE", var_size_bytes of the table.
Commitment commit(const NsTable& table);

}  // namespace espresso
