#include "commands.hpp"

#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "genesis/genesis.hpp"
#include "types/chain_config.hpp"
#include "types/fee_info.hpp"
#include "types/header.hpp"
#include "types/l1_block_info.hpp"
#include "types/ns_table.hpp"
#include "types/transaction.hpp"

namespace espresso::utils {
namespace {

Result<std::string> read_input(const std::string& input) {
  std::ostringstream text;
  if (input == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream file(input, std::ios::binary);
  if (!file) return fail(input + ": cannot open");
  text << file.rdbuf();
  if (file.bad()) return fail(input + ": cannot read");
  return text.str();
}

// Parses JSON of one type and commits to it.
using Committer = std::function<Result<Commitment>(const nlohmann::json&)>;

template <typename T>
Committer committer(Result<T> (*from_json)(const nlohmann::json&)) {
  return [from_json](const nlohmann::json& json) -> Result<Commitment> {
    auto value = from_json(json);
    if (!value) return fail(std::move(value).error());
    return commit(*value);
  };
}

const std::map<std::string, Committer>& committers() {
  static const std::map<std::string, Committer> table{
      {"transaction", committer(transaction_from_json)},
      {"ns-table", committer(ns_table_from_json)},
      {"chain-config", committer(chain_config_from_json)},
      {"fee-info", committer(fee_info_from_json)},
      {"l1-block", committer(l1_block_info_from_json)},
      {"header", committer(header_from_json)},  // v0.1 or versioned, read from the JSON
  };
  return table;
}

}  // namespace

const std::vector<std::string>& commit_types() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, unused] : committers()) out.push_back(name);
    return out;
  }();
  return names;
}

int run_genesis(const std::string& input, std::ostream& out, std::ostream& err) {
  auto text = read_input(input);
  if (!text) {
    err << "error: " << text.error().message << "\n";
    return 1;
  }
  auto genesis = parse_genesis(*text, input == "-" ? "<stdin>" : input);
  if (!genesis) {
    err << "error: " << genesis.error().message << "\n";
    return 1;
  }
  for (const auto& warning : genesis->warnings) err << "warning: " << warning << "\n";
  out << to_json(*genesis).dump(2) << "\n";
  return 0;
}

int run_commit(const std::string& type, const std::string& input, std::ostream& out,
               std::ostream& err) {
  const auto found = committers().find(type);
  if (found == committers().end()) {
    err << "error: unknown type \"" << type << "\"\n";
    return 2;
  }
  auto text = read_input(input);
  if (!text) {
    err << "error: " << text.error().message << "\n";
    return 1;
  }
  const nlohmann::json json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    err << "error: " << (input == "-" ? "<stdin>" : input) << ": not valid JSON\n";
    return 1;
  }
  auto commitment = found->second(json);
  if (!commitment) {
    err << "error: " << (input == "-" ? "<stdin>" : input) << ": " << commitment.error().message
        << "\n";
    return 1;
  }
  out << commitment->to_tagged_base64() << "\n";
  return 0;
}

}  // namespace espresso::utils
