#include "genesis/genesis.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "common/hex.hpp"
#include "genesis/multiaddr.hpp"
#include "genesis/toml_fields.hpp"

namespace espresso {
namespace {

using genesis_toml::Section;

// Shorthand: propagate an error, otherwise bind the value.
#define GENESIS_TRY(var, expr)                                     \
  auto var##_result = (expr);                                      \
  if (!var##_result) return fail(std::move(var##_result).error()); \
  auto var = std::move(*var##_result)

Result<ProtocolVersion> read_version(const toml::node& node) {
  auto text = genesis_toml::read_string(node);
  if (!text) return fail(std::move(text).error());
  return ProtocolVersion::parse(*text);
}

struct ParsedChainConfig {
  ChainConfig config;
  std::optional<Address> bid_recipient;
};

// [chain_config]: all fields required except fee_contract (and bid_recipient, marketplace only).
Result<ParsedChainConfig> parse_chain_config(Section& section, std::vector<std::string>& warnings) {
  ParsedChainConfig out;
  GENESIS_TRY(chain_id, section.required("chain_id", genesis_toml::read_u256));
  GENESIS_TRY(base_fee, section.required("base_fee", genesis_toml::read_amount));
  GENESIS_TRY(max_block_size, section.required("max_block_size", genesis_toml::read_byte_size));
  GENESIS_TRY(fee_recipient, section.required("fee_recipient", genesis_toml::read_address));
  GENESIS_TRY(fee_contract, section.optional("fee_contract", genesis_toml::read_address));
  GENESIS_TRY(bid_recipient, section.optional("bid_recipient", genesis_toml::read_address));
  out.config.chain_id = chain_id;
  out.config.base_fee = base_fee;
  out.config.max_block_size = max_block_size;
  out.config.fee_recipient = fee_recipient;
  out.config.fee_contract = fee_contract;
  out.bid_recipient = bid_recipient;
  section.report_unknown(warnings);
  return out;
}

// [l1_finalized], as upstream's untagged enum: all of number + timestamp + hash is a full block;
// number alone is a block number; timestamp alone is a start time. Other combinations are read the
// way upstream's deserializer reads them, with a warning about the ignored fields.
Result<L1Finalized> parse_l1_finalized(Section& section, std::vector<std::string>& warnings,
                                       const std::string& source) {
  const bool has_number = section.has("number");
  const bool has_timestamp = section.has("timestamp");
  const bool has_hash = section.has("hash");
  L1Finalized out;
  if (has_number && has_timestamp && has_hash) {
    L1BlockInfo block;
    GENESIS_TRY(number, section.required("number", genesis_toml::read_u64));
    GENESIS_TRY(timestamp, section.required("timestamp", genesis_toml::read_u256));
    GENESIS_TRY(hash_text, section.required("hash", genesis_toml::read_string));
    auto hash = parse_hex_fixed<32>(hash_text, HexPrefix::kRequired);
    if (!hash) {
      return fail(section.at("hash", *section.table().get("hash"), hash.error().message));
    }
    block.number = number;
    block.timestamp = timestamp;
    block.hash = *hash;
    out = block;
  } else if (has_number) {
    GENESIS_TRY(number, section.required("number", genesis_toml::read_u64));
    out = L1FinalizedNumber{number};
    if (has_timestamp || has_hash) {
      warnings.push_back(source +
                         ": [l1_finalized] has number but not all of timestamp and "
                         "hash: read as a block number; the other fields are ignored "
                         "and will be fetched from L1");
      return out;  // skip report_unknown: the warning above already covers them
    }
  } else if (has_timestamp) {
    GENESIS_TRY(timestamp, section.required("timestamp", genesis_toml::read_timestamp));
    out = L1FinalizedTimestamp{timestamp};
    if (has_hash) {
      warnings.push_back(source +
                         ": [l1_finalized] hash without number is ignored; read as a "
                         "start time");
      return out;
    }
  } else {
    return fail(section.whole(
        "expected number (and optionally timestamp and hash together), or timestamp alone"));
  }
  section.report_unknown(warnings);
  return out;
}

Result<Upgrade> parse_upgrade(Section& section, std::vector<std::string>& warnings,
                              const std::string& source) {
  Upgrade upgrade;
  GENESIS_TRY(version, section.required("version", read_version));
  upgrade.version = version;

  const bool view_based = section.has("start_proposing_view") || section.has("stop_proposing_view");
  const bool time_based = section.has("start_proposing_time") || section.has("stop_proposing_time");
  if (view_based && time_based) {
    return fail(section.whole("both view and time mode parameters are set; use one mode"));
  }
  if (!view_based && !time_based) {
    return fail(section.whole(
        "no mode: set start_proposing_view and stop_proposing_view, or start_proposing_time and "
        "stop_proposing_time"));
  }
  if (view_based) {
    ViewBasedUpgrade mode;
    GENESIS_TRY(start, section.required("start_proposing_view", genesis_toml::read_u64));
    GENESIS_TRY(stop, section.required("stop_proposing_view", genesis_toml::read_u64));
    GENESIS_TRY(start_voting, section.optional("start_voting_view", genesis_toml::read_u64));
    GENESIS_TRY(stop_voting, section.optional("stop_voting_view", genesis_toml::read_u64));
    if (start > stop) {
      return fail(section.at("stop_proposing_view", *section.table().get("stop_proposing_view"),
                             "is less than start_proposing_view"));
    }
    mode = {start, stop, start_voting, stop_voting};
    upgrade.mode = mode;
  } else {
    TimeBasedUpgrade mode;
    GENESIS_TRY(start, section.required("start_proposing_time", genesis_toml::read_timestamp));
    GENESIS_TRY(stop, section.required("stop_proposing_time", genesis_toml::read_timestamp));
    GENESIS_TRY(start_voting, section.optional("start_voting_time", genesis_toml::read_timestamp));
    GENESIS_TRY(stop_voting, section.optional("stop_voting_time", genesis_toml::read_timestamp));
    if (start > stop) {
      return fail(section.at("stop_proposing_time", *section.table().get("stop_proposing_time"),
                             "is before start_proposing_time"));
    }
    mode = {start, stop, start_voting, stop_voting};
    upgrade.mode = mode;
  }

  GENESIS_TRY(fee, section.subtable("fee"));
  GENESIS_TRY(marketplace, section.subtable("marketplace"));
  if ((fee != nullptr) == (marketplace != nullptr)) {
    return fail(
        section.whole("expected exactly one upgrade type: [upgrade.fee] or "
                      "[upgrade.marketplace]"));
  }
  upgrade.type = fee != nullptr ? UpgradeType::kFee : UpgradeType::kMarketplace;
  const std::string type_name = fee != nullptr ? "fee" : "marketplace";
  Section type_section(fee != nullptr ? *fee : *marketplace, "upgrade." + type_name, source);
  GENESIS_TRY(config_table, type_section.subtable("chain_config"));
  if (config_table == nullptr) return fail(type_section.missing("chain_config"));
  type_section.report_unknown(warnings);
  Section config_section(*config_table, "upgrade." + type_name + ".chain_config", source);
  GENESIS_TRY(config, parse_chain_config(config_section, warnings));
  upgrade.chain_config = config.config;
  upgrade.bid_recipient = config.bid_recipient;
  section.report_unknown(warnings);
  return upgrade;
}

// Finds a required or optional top-level table as a Section.
Result<std::optional<Section>> top_section(Section& root, std::string_view key, bool required,
                                           const std::string& source) {
  GENESIS_TRY(table, root.subtable(key));
  if (table == nullptr) {
    if (required)
      return fail(source + ": [" + std::string(key) + "]: missing (this section is required)");
    return std::optional<Section>();
  }
  return std::optional<Section>(Section(*table, std::string(key), source));
}

Result<Genesis> parse_document(const toml::table& document, const std::string& source) {
  Genesis genesis;
  auto& warnings = genesis.warnings;
  Section root(document, "", source);

  GENESIS_TRY(base_version, root.required("base_version", read_version));
  GENESIS_TRY(upgrade_version, root.required("upgrade_version", read_version));
  genesis.base_version = base_version;
  genesis.upgrade_version = upgrade_version;

  GENESIS_TRY(chain_section, top_section(root, "chain_config", true, source));
  GENESIS_TRY(chain_config, parse_chain_config(*chain_section, warnings));
  genesis.chain_config = chain_config.config;
  if (chain_config.bid_recipient) {
    warnings.push_back(source +
                       ": [chain_config] bid_recipient applies to marketplace upgrades "
                       "only and is ignored here");
  }

  GENESIS_TRY(header, top_section(root, "header", true, source));
  GENESIS_TRY(timestamp, header->required("timestamp", genesis_toml::read_timestamp));
  genesis.header_timestamp = timestamp;
  header->report_unknown(warnings);

  GENESIS_TRY(l1, top_section(root, "l1_finalized", true, source));
  GENESIS_TRY(l1_finalized, parse_l1_finalized(*l1, warnings, source));
  genesis.l1_finalized = l1_finalized;

  GENESIS_TRY(stake_table, top_section(root, "stake_table", true, source));
  GENESIS_TRY(capacity, stake_table->required("capacity", genesis_toml::read_u64));
  genesis.stake_table_capacity = capacity;
  stake_table->report_unknown(warnings);

  GENESIS_TRY(network, top_section(root, "network", false, source));
  if (network) {
    if (const toml::node* nodes = network->get("bootstrap_nodes")) {
      const toml::array* list = nodes->as_array();
      if (list == nullptr) {
        return fail(network->at("bootstrap_nodes", *nodes, "expected an array of multiaddresses"));
      }
      for (const toml::node& entry : *list) {
        const auto* text = entry.as_string();
        if (text == nullptr) {
          return fail(network->at("bootstrap_nodes", entry, "expected a multiaddress string"));
        }
        if (auto ok = check_multiaddr(text->get()); !ok) {
          return fail(network->at("bootstrap_nodes", entry, ok.error().message));
        }
        genesis.bootstrap_nodes.push_back(text->get());
      }
    }
    network->report_unknown(warnings);
  }

  GENESIS_TRY(accounts, top_section(root, "accounts", false, source));
  if (accounts) {
    for (const auto& [key, value] : accounts->table()) {
      const std::string name(key.str());
      auto address = Address::parse(name);
      if (!address) return fail(accounts->at(name, value, address.error().message));
      auto amount = genesis_toml::read_amount(value);
      if (!amount) return fail(accounts->at(name, value, amount.error().message));
      if (!genesis.accounts.emplace(*address, *amount).second) {
        return fail(accounts->at(name, value, "the same account is listed twice"));
      }
    }
  }

  if (const toml::node* upgrades = root.get("upgrade")) {
    const toml::array* list = upgrades->as_array();
    if (list == nullptr || !list->is_array_of_tables()) {
      return fail(root.at("upgrade", *upgrades, "expected [[upgrade]] tables"));
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      Section section(*list->get(i)->as_table(), "upgrade #" + std::to_string(i + 1), source);
      GENESIS_TRY(upgrade, parse_upgrade(section, warnings, source));
      const bool duplicate = std::ranges::any_of(
          genesis.upgrades, [&](const Upgrade& other) { return other.version == upgrade.version; });
      if (duplicate) {
        return fail(section.at("version", *section.table().get("version"),
                               "another [[upgrade]] has the same version"));
      }
      genesis.upgrades.push_back(std::move(upgrade));
    }
    std::ranges::sort(genesis.upgrades, {}, &Upgrade::version);
  }

  root.report_unknown(warnings);
  return genesis;
}

#undef GENESIS_TRY

}  // namespace

std::string ProtocolVersion::to_string() const {
  return std::to_string(major) + "." + std::to_string(minor);
}

Result<ProtocolVersion> ProtocolVersion::parse(std::string_view text) {
  const auto error = [&] {
    return fail("invalid version \"" + std::string(text) +
                "\": expected \"<major>.<minor>\" like \"0.2\"");
  };
  const auto dot = text.find('.');
  if (dot == std::string_view::npos) return error();
  const auto number = [](std::string_view digits) -> std::optional<std::uint16_t> {
    if (digits.empty() || digits.size() > 5) return std::nullopt;
    std::uint32_t value = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (value > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(value);
  };
  const auto major = number(text.substr(0, dot));
  const auto minor = number(text.substr(dot + 1));
  if (!major || !minor) return error();
  return ProtocolVersion{*major, *minor};
}

Result<Genesis> parse_genesis(std::string_view toml_text, std::string_view source_name) {
  const std::string source(source_name);
  try {
    const toml::table document = toml::parse(toml_text, source_name);
    return parse_document(document, source);
  } catch (const toml::parse_error& error) {
    return fail(source + ": line " + std::to_string(error.source().begin.line) +
                ": invalid TOML: " + std::string(error.description()));
  }
}

Result<Genesis> load_genesis_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(path.string() + ": cannot open the genesis file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(path.string() + ": cannot read the genesis file");
  return parse_genesis(text.str(), path.string());
}

}  // namespace espresso
