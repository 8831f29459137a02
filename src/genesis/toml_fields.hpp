#pragma once
// Typed reading of TOML values for the genesis file, with errors that name the file, section, key,
// value and line ("genesis.toml: [chain_config] base_fee = "0.5 wei" (line 4): ...").

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "common/address.hpp"
#include "common/result.hpp"
#include "common/u256.hpp"

namespace espresso::genesis_toml {

// Value readers: each accepts the forms the seed guide allows for that kind of field.
Result<U256> read_amount(const toml::node& node);  // integer, or string per parse_amount
Result<std::uint64_t> read_byte_size(const toml::node& node);  // integer, or "1mb", "10 KiB", ...
Result<U256> read_u256(const toml::node& node);                // integer, decimal or 0x-hex string
Result<std::uint64_t> read_u64(const toml::node& node);        // non-negative integer
Result<Address> read_address(const toml::node& node);  // "0x" + 40 hex, EIP-55 if mixed case
Result<std::uint64_t> read_timestamp(const toml::node& node);  // Unix seconds, RFC 3339 string, or
                                                               // a TOML date-time with offset
Result<std::string> read_string(const toml::node& node);

// One table of the file. Keys that no reader asked for are reported by unknown_keys().
class Section {
 public:
  Section(const toml::table& table, std::string name, std::string source)
      : table_(&table), name_(std::move(name)), source_(std::move(source)) {}

  const toml::table& table() const { return *table_; }
  const std::string& name() const { return name_; }
  bool has(std::string_view key) const { return table_->contains(key); }

  template <typename T>
  Result<T> required(std::string_view key, Result<T> (*reader)(const toml::node&)) {
    const toml::node* node = lookup(key);
    if (node == nullptr) return fail(missing(key));
    auto value = reader(*node);
    if (!value) return fail(at(key, *node, value.error().message));
    return value;
  }

  template <typename T>
  Result<std::optional<T>> optional(std::string_view key, Result<T> (*reader)(const toml::node&)) {
    const toml::node* node = lookup(key);
    if (node == nullptr) return std::optional<T>();
    auto value = reader(*node);
    if (!value) return fail(at(key, *node, value.error().message));
    return std::optional<T>(std::move(*value));
  }

  // The raw node (nullptr when absent), marking the key as known.
  const toml::node* get(std::string_view key) { return lookup(key); }

  // A nested table; nullptr when absent. Wrong type is an error.
  Result<const toml::table*> subtable(std::string_view key);

  // Error texts naming this section.
  std::string missing(std::string_view key) const;
  std::string at(std::string_view key, const toml::node& node, std::string_view message) const;
  std::string whole(std::string_view message) const;  // about the section itself

  // "unknown key [section] foo (line N) is ignored" for every key never looked up.
  void report_unknown(std::vector<std::string>& warnings) const;

 private:
  std::string prefix() const;  // "<source>: [name] " ("<source>: " for the top level)
  const toml::node* lookup(std::string_view key);
  const toml::table* table_;
  std::string name_;
  std::string source_;
  std::vector<std::string> used_;
};

// The value as it appears in the file, for messages: "\"0.5 wei\"", "42", "a table".
std::string describe(const toml::node& node);

}  // namespace espresso::genesis_toml
