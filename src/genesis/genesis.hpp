#pragma once
// The genesis file (seed operator guide, "Genesis file" and "[[upgrade]]"; upstream
// sequencer/src/genesis.rs): the chain config, genesis header time, the L1 block to start from,
// stake table capacity, bootstrap peers, prefunded accounts and planned upgrades.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/address.hpp"
#include "common/result.hpp"
#include "common/u256.hpp"
#include "types/chain_config.hpp"
#include "types/l1_block_info.hpp"

namespace espresso {

struct ProtocolVersion {
  std::uint16_t major = 0;
  std::uint16_t minor = 0;

  std::string to_string() const;  // "0.2"
  static Result<ProtocolVersion> parse(std::string_view text);
  friend auto operator<=>(const ProtocolVersion&, const ProtocolVersion&) = default;
};

// Which L1 block the chain starts processing events from (upstream's untagged enum L1Finalized).
struct L1FinalizedNumber {
  std::uint64_t number = 0;
  friend bool operator==(const L1FinalizedNumber&, const L1FinalizedNumber&) = default;
};
// The first L1 block whose timestamp is at or after this time (Unix seconds).
struct L1FinalizedTimestamp {
  std::uint64_t timestamp = 0;
  friend bool operator==(const L1FinalizedTimestamp&, const L1FinalizedTimestamp&) = default;
};
using L1Finalized = std::variant<L1BlockInfo, L1FinalizedNumber, L1FinalizedTimestamp>;

struct ViewBasedUpgrade {
  std::uint64_t start_proposing_view = 0;
  std::uint64_t stop_proposing_view = 0;
  std::optional<std::uint64_t> start_voting_view;
  std::optional<std::uint64_t> stop_voting_view;
  friend bool operator==(const ViewBasedUpgrade&, const ViewBasedUpgrade&) = default;
};
struct TimeBasedUpgrade {  // Unix seconds
  std::uint64_t start_proposing_time = 0;
  std::uint64_t stop_proposing_time = 0;
  std::optional<std::uint64_t> start_voting_time;
  std::optional<std::uint64_t> stop_voting_time;
  friend bool operator==(const TimeBasedUpgrade&, const TimeBasedUpgrade&) = default;
};

enum class UpgradeType { kFee, kMarketplace };

struct Upgrade {
  ProtocolVersion version;
  std::variant<ViewBasedUpgrade, TimeBasedUpgrade> mode;
  UpgradeType type = UpgradeType::kFee;
  ChainConfig chain_config;              // [upgrade.<type>.chain_config]
  std::optional<Address> bid_recipient;  // marketplace chain configs only
  friend bool operator==(const Upgrade&, const Upgrade&) = default;
};

struct Genesis {
  ProtocolVersion base_version;
  ProtocolVersion upgrade_version;
  ChainConfig chain_config;
  std::uint64_t header_timestamp = 0;  // [header] timestamp, Unix seconds
  L1Finalized l1_finalized;
  std::uint64_t stake_table_capacity = 0;
  std::vector<std::string> bootstrap_nodes;  // [network], multiaddresses
  std::map<Address, U256> accounts;          // prefunded fee accounts (testing only)
  std::vector<Upgrade> upgrades;             // sorted by version, at most one per version

  // Things accepted but worth telling the operator (ignored keys, ignored l1_finalized fields).
  std::vector<std::string> warnings;
};

// Parses genesis TOML text. Errors name the file, section, key and value, e.g.
//   genesis.toml: [chain_config] base_fee = "0.5 wei" (line 4): invalid amount ...
Result<Genesis> parse_genesis(std::string_view toml_text, std::string_view source_name = "genesis");
Result<Genesis> load_genesis_file(const std::filesystem::path& path);

// Normalized JSON: amounts and chain ids as decimal strings, addresses lowercase hex, times as
// Unix seconds, versions as "major.minor", upgrades as an array (warnings are not included).
nlohmann::json to_json(const Genesis& genesis);

}  // namespace espresso
