#include "genesis/toml_fields.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>

#include "common/rfc3339.hpp"
#include "common/units.hpp"

namespace espresso::genesis_toml {
namespace {

std::string line_of(const toml::node& node) {
  const auto line = node.source().begin.line;
  return line == 0 ? std::string() : " (line " + std::to_string(line) + ")";
}

std::string type_error(const toml::node& node, std::string_view expected) {
  return "expected " + std::string(expected) + ", found " + describe(node);
}

}  // namespace

std::string Section::prefix() const {
  return source_ + ": " + (name_.empty() ? std::string() : "[" + name_ + "] ");
}

std::string describe(const toml::node& node) {
  if (const auto* text = node.as_string()) return "\"" + text->get() + "\"";
  if (const auto* integer = node.as_integer()) return std::to_string(integer->get());
  if (const auto* flag = node.as_boolean()) return flag->get() ? "true" : "false";
  if (const auto* number = node.as_floating_point()) {
    std::ostringstream out;
    out << number->get();
    return out.str() + " (a float)";
  }
  if (node.is_table()) return "a table";
  if (node.is_array()) return "an array";
  std::ostringstream out;
  if (const auto* moment = node.as_date_time()) {
    out << moment->get();
    return out.str();
  }
  if (const auto* date = node.as_date()) {
    out << date->get();
    return out.str();
  }
  if (const auto* time = node.as_time()) {
    out << time->get();
    return out.str();
  }
  return "an unsupported value";
}

Result<U256> read_amount(const toml::node& node) {
  if (const auto* integer = node.as_integer()) return amount_from_integer(integer->get());
  if (const auto* text = node.as_string()) return parse_amount(text->get());
  return fail(type_error(node, "an amount (integer wei, or a string like \"1 gwei\" or \"0x10\")"));
}

Result<std::uint64_t> read_byte_size(const toml::node& node) {
  if (const auto* integer = node.as_integer()) return byte_size_from_integer(integer->get());
  if (const auto* text = node.as_string()) return parse_byte_size(text->get());
  return fail(
      type_error(node, "a byte size (integer bytes, or a string like \"1mb\" or \"10 KiB\")"));
}

Result<U256> read_u256(const toml::node& node) {
  if (const auto* integer = node.as_integer()) {
    if (integer->get() < 0) return fail("expected a non-negative number, found " + describe(node));
    return U256(static_cast<std::uint64_t>(integer->get()));
  }
  if (const auto* text = node.as_string()) {
    const std::string& value = text->get();
    const bool hex = value.starts_with("0x") || value.starts_with("0X");
    const bool decimal =
        !value.empty() && std::ranges::all_of(value, [](char c) { return c >= '0' && c <= '9'; });
    if (hex || decimal) return parse_amount(value);  // same digits rules, no unit
  }
  return fail(type_error(node, "a number (integer, decimal string or 0x-hex string)"));
}

Result<std::uint64_t> read_u64(const toml::node& node) {
  if (const auto* integer = node.as_integer()) {
    if (integer->get() < 0) return fail("expected a non-negative integer, found " + describe(node));
    return static_cast<std::uint64_t>(integer->get());
  }
  return fail(type_error(node, "a non-negative integer"));
}

Result<Address> read_address(const toml::node& node) {
  if (const auto* text = node.as_string()) return Address::parse(text->get());
  return fail(type_error(node, "an address string \"0x...\""));
}

Result<std::uint64_t> read_timestamp(const toml::node& node) {
  if (const auto* integer = node.as_integer()) {
    if (integer->get() < 0)
      return fail("expected a time at or after 1970, found " + describe(node));
    return static_cast<std::uint64_t>(integer->get());
  }
  std::int64_t seconds = 0;
  if (const auto* text = node.as_string()) {
    auto parsed = parse_rfc3339(text->get());
    if (!parsed) return fail(std::move(parsed).error());
    seconds = *parsed;
  } else if (const auto* moment = node.as_date_time()) {
    // An unquoted TOML date-time: it must say its offset, or the time would depend on the host.
    const toml::date_time& value = moment->get();
    if (!value.offset) return fail("a date-time needs a time zone ('Z' or an offset like +02:00)");
    const std::chrono::year_month_day date{std::chrono::year(value.date.year),
                                           std::chrono::month(value.date.month),
                                           std::chrono::day(value.date.day)};
    seconds = std::chrono::sys_days(date).time_since_epoch().count() * 86400 +
              value.time.hour * 3600 + value.time.minute * 60 + value.time.second -
              value.offset->minutes * 60;
  } else {
    return fail(type_error(node,
                           "a timestamp (RFC 3339 string like \"2024-09-17T16:00:00Z\", or "
                           "Unix seconds)"));
  }
  if (seconds < 0) return fail("expected a time at or after 1970, found " + describe(node));
  return static_cast<std::uint64_t>(seconds);
}

Result<std::string> read_string(const toml::node& node) {
  if (const auto* text = node.as_string()) return text->get();
  return fail(type_error(node, "a string"));
}

const toml::node* Section::lookup(std::string_view key) {
  if (std::ranges::find(used_, key) == used_.end()) used_.emplace_back(key);
  return table_->get(key);
}

Result<const toml::table*> Section::subtable(std::string_view key) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return static_cast<const toml::table*>(nullptr);
  if (const auto* table = node->as_table()) return table;
  return fail(at(key, *node, "expected a table"));
}

std::string Section::missing(std::string_view key) const {
  return prefix() + std::string(key) + ": missing (this key is required)";
}

std::string Section::at(std::string_view key, const toml::node& node,
                        std::string_view message) const {
  return prefix() + std::string(key) + " = " + describe(node) + line_of(node) + ": " +
         std::string(message);
}

std::string Section::whole(std::string_view message) const {
  return source_ + ": [" + name_ + "]" + line_of(*table_) + ": " + std::string(message);
}

void Section::report_unknown(std::vector<std::string>& warnings) const {
  for (const auto& [key, node] : *table_) {
    if (std::ranges::find(used_, key.str()) == used_.end()) {
      warnings.push_back(prefix() + "unknown key " + std::string(key.str()) + line_of(node) +
                         " is ignored");
    }
  }
}

}  // namespace espresso::genesis_toml
