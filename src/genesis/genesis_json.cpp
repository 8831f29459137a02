// Normalized JSON form of a parsed genesis file (for `utils genesis` and logs).

#include <nlohmann/json.hpp>

#include "genesis/genesis.hpp"

namespace espresso {
namespace {

template <typename T>
nlohmann::json optional_json(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json l1_finalized_json(const L1Finalized& l1) {
  if (const auto* block = std::get_if<L1BlockInfo>(&l1)) return to_json(*block);
  if (const auto* number = std::get_if<L1FinalizedNumber>(&l1)) {
    return {{"number", number->number}};
  }
  return {{"timestamp", std::get<L1FinalizedTimestamp>(l1).timestamp}};
}

nlohmann::json upgrade_json(const Upgrade& upgrade) {
  nlohmann::json out = {{"version", upgrade.version.to_string()}};
  if (const auto* view = std::get_if<ViewBasedUpgrade>(&upgrade.mode)) {
    out["mode"] = "view";
    out["start_proposing_view"] = view->start_proposing_view;
    out["stop_proposing_view"] = view->stop_proposing_view;
    out["start_voting_view"] = optional_json(view->start_voting_view);
    out["stop_voting_view"] = optional_json(view->stop_voting_view);
  } else {
    const auto& time = std::get<TimeBasedUpgrade>(upgrade.mode);
    out["mode"] = "time";
    out["start_proposing_time"] = time.start_proposing_time;
    out["stop_proposing_time"] = time.stop_proposing_time;
    out["start_voting_time"] = optional_json(time.start_voting_time);
    out["stop_voting_time"] = optional_json(time.stop_voting_time);
  }
  out["type"] = upgrade.type == UpgradeType::kFee ? "fee" : "marketplace";
  out["chain_config"] = to_json(upgrade.chain_config);
  if (upgrade.bid_recipient) out["chain_config"]["bid_recipient"] = upgrade.bid_recipient->to_hex();
  return out;
}

}  // namespace

nlohmann::json to_json(const Genesis& genesis) {
  nlohmann::json accounts = nlohmann::json::object();
  for (const auto& [address, amount] : genesis.accounts) {
    accounts[address.to_hex()] = to_decimal(amount);
  }
  nlohmann::json upgrades = nlohmann::json::array();
  for (const auto& upgrade : genesis.upgrades) upgrades.push_back(upgrade_json(upgrade));
  return {
      {"base_version", genesis.base_version.to_string()},
      {"upgrade_version", genesis.upgrade_version.to_string()},
      {"chain_config", to_json(genesis.chain_config)},
      {"header", {{"timestamp", genesis.header_timestamp}}},
      {"l1_finalized", l1_finalized_json(genesis.l1_finalized)},
      {"stake_table", {{"capacity", genesis.stake_table_capacity}}},
      {"network", {{"bootstrap_nodes", genesis.bootstrap_nodes}}},
      {"accounts", accounts},
      {"upgrades", upgrades},
  };
}

}  // namespace espresso
