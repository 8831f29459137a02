#include "storage/sql_connection.hpp"

#include <algorithm>

namespace espresso::storage {

std::int64_t SqlRow::integer(std::size_t i) const {
  const auto* value = std::get_if<std::int64_t>(&values_[i]);
  return value != nullptr ? *value : 0;
}

Bytes SqlRow::blob(std::size_t i) const {
  if (const auto* bytes = std::get_if<Bytes>(&values_[i])) return *bytes;
  if (const auto* text = std::get_if<std::string>(&values_[i])) return to_bytes(as_bytes(*text));
  return {};
}

Result<Hash32> SqlRow::hash(std::size_t i, std::string_view what) const {
  const auto* bytes = std::get_if<Bytes>(&values_[i]);
  const std::size_t size = bytes != nullptr ? bytes->size() : 0;
  if (size != 32) {
    return fail("stored " + std::string(what) + " has " + std::to_string(size) +
                " bytes, expected 32");
  }
  Hash32 hash{};
  std::copy(bytes->begin(), bytes->end(), hash.begin());
  return hash;
}

}  // namespace espresso::storage
