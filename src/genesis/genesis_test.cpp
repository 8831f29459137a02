#include "genesis/genesis.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/hex.hpp"

namespace espresso {
namespace {

const std::string kVectors = ESEQ_VECTORS_DIR;
const std::string kTestData = std::string(ESEQ_SOURCE_DIR) + "/src/genesis/testdata";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

U256 pow10(int n) {
  U256 value = 1;
  for (int i = 0; i < n; ++i) value *= 10;
  return value;
}

// The upstream demo genesis file (tests/vectors/genesis-demo.toml).
TEST(Genesis, ParsesUpstreamDemoFile) {
  auto genesis = load_genesis_file(kVectors + "/genesis-demo.toml");
  ASSERT_TRUE(genesis) << genesis.error().message;
  EXPECT_EQ(genesis->base_version.to_string(), "0.2");
  EXPECT_EQ(genesis->upgrade_version.to_string(), "0.2");
  EXPECT_EQ(genesis->stake_table_capacity, 10u);
  EXPECT_EQ(genesis->chain_config.chain_id, U256(999999999));
  EXPECT_EQ(genesis->chain_config.base_fee, U256(1));
  EXPECT_EQ(genesis->chain_config.max_block_size, 1'000'000u);
  EXPECT_TRUE(genesis->chain_config.fee_recipient.is_zero());
  ASSERT_TRUE(genesis->chain_config.fee_contract);
  EXPECT_EQ(genesis->chain_config.fee_contract->to_hex(),
            "0xa15bb66138824a1c7167f5e85b957d04dd34e468");
  EXPECT_EQ(genesis->header_timestamp, 0u);
  EXPECT_EQ(std::get<L1FinalizedNumber>(genesis->l1_finalized).number, 0u);
  EXPECT_TRUE(genesis->accounts.empty());
  EXPECT_TRUE(genesis->upgrades.empty());
  EXPECT_TRUE(genesis->warnings.empty());
}

TEST(Genesis, ParsesEverySectionAndUnitForm) {
  auto genesis = load_genesis_file(kTestData + "/genesis-full.toml");
  ASSERT_TRUE(genesis) << genesis.error().message;
  const Genesis& g = *genesis;
  EXPECT_EQ(g.base_version, (ProtocolVersion{0, 1}));
  EXPECT_EQ(g.chain_config.chain_id, pow10(18));
  EXPECT_EQ(g.chain_config.base_fee, U256(1'500'000'000));
  EXPECT_EQ(g.chain_config.max_block_size, 10u << 20);
  EXPECT_EQ(g.chain_config.fee_recipient.to_checksum_hex(),
            "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f");
  EXPECT_EQ(g.header_timestamp, 1715872828u);  // upstream test_genesis_from_toml_units

  const auto& block = std::get<L1BlockInfo>(g.l1_finalized);
  EXPECT_EQ(block.number, 6001199u);
  EXPECT_EQ(block.timestamp, U256(0x66575298));
  EXPECT_EQ(to_hex(block.hash),
            "0x80f5dd11f2bdda2814cb1ad94ef30a47de02cf28ad68c89e104c00c4e51bb7a5");

  EXPECT_EQ(g.stake_table_capacity, 200u);
  ASSERT_EQ(g.bootstrap_nodes.size(), 2u);
  EXPECT_EQ(g.bootstrap_nodes[1], "/dns/sequencer.example/udp/3000/quic-v1");

  ASSERT_EQ(g.accounts.size(), 5u);
  EXPECT_EQ(g.accounts.at(*Address::parse("0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f")),
            U256(100000));
  EXPECT_EQ(g.accounts.at(*Address::parse("0x184ba627db853244c9f17f3cb4378cb8b39bf147")),
            U256(0xabcdef));
  EXPECT_EQ(g.accounts.at(*Address::parse("0x0000000000000000000000000000000000000001")),
            pow10(18));
  EXPECT_EQ(g.accounts.at(*Address::parse("0x0000000000000000000000000000000000000002")),
            U256(123456789));

  ASSERT_EQ(g.upgrades.size(), 2u);
  const Upgrade& fee = g.upgrades[0];
  EXPECT_EQ(fee.version, (ProtocolVersion{0, 2}));
  EXPECT_EQ(fee.type, UpgradeType::kFee);
  EXPECT_EQ(std::get<ViewBasedUpgrade>(fee.mode), (ViewBasedUpgrade{5, 400, {}, {}}));
  EXPECT_EQ(fee.chain_config.chain_id, U256(999999999));
  EXPECT_EQ(fee.chain_config.max_block_size, 1'000'000u);
  const Upgrade& market = g.upgrades[1];
  EXPECT_EQ(market.type, UpgradeType::kMarketplace);
  const auto& time = std::get<TimeBasedUpgrade>(market.mode);
  EXPECT_EQ(time.start_proposing_time, 1726588800u);
  EXPECT_EQ(time.stop_proposing_time, 1726675200u);
  EXPECT_EQ(time.start_voting_time, 1726588800u);
  EXPECT_FALSE(time.stop_voting_time);
  EXPECT_EQ(market.chain_config.base_fee, U256(16));
  EXPECT_FALSE(market.chain_config.fee_contract);
  ASSERT_TRUE(market.bid_recipient);
  EXPECT_EQ(market.bid_recipient->to_hex(), "0x0000000000000000000000000000000000000004");
  EXPECT_TRUE(g.warnings.empty()) << g.warnings.front();
}

TEST(Genesis, NormalizedJson) {
  auto genesis = load_genesis_file(kTestData + "/genesis-full.toml");
  ASSERT_TRUE(genesis) << genesis.error().message;
  const nlohmann::json json = to_json(*genesis);
  EXPECT_EQ(json["base_version"], "0.1");
  EXPECT_EQ(json["header"]["timestamp"], 1715872828u);
  EXPECT_EQ(json["stake_table"]["capacity"], 200u);
  EXPECT_EQ(json["accounts"]["0x0000000000000000000000000000000000000001"], "1000000000000000000");
  EXPECT_EQ(json["l1_finalized"]["number"], 6001199u);
  EXPECT_EQ(json["upgrades"][0]["mode"], "view");
  EXPECT_EQ(json["upgrades"][1]["type"], "marketplace");
  EXPECT_EQ(json["upgrades"][1]["stop_voting_time"], nullptr);
  EXPECT_EQ(json["network"]["bootstrap_nodes"].size(), 2u);
  EXPECT_TRUE(json["chain_config"].is_object());
}

// A minimal valid file; each malformed case below changes one thing.
constexpr std::string_view kBase = R"(
base_version = "0.1"
upgrade_version = "0.2"
[stake_table]
capacity = 10
[chain_config]
chain_id = 12345
max_block_size = 30000
base_fee = 1
fee_recipient = "0x0000000000000000000000000000000000000000"
[header]
timestamp = 123456
[l1_finalized]
number = 0
)";

std::string replace(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(Genesis, MinimalFileAndL1Forms) {
  auto base = parse_genesis(kBase);
  ASSERT_TRUE(base) << base.error().message;
  EXPECT_EQ(base->header_timestamp, 123456u);
  EXPECT_FALSE(base->chain_config.fee_contract);

  auto by_time = parse_genesis(
      replace(std::string(kBase), "number = 0", "timestamp = \"2024-01-02T00:00:00Z\""));
  ASSERT_TRUE(by_time) << by_time.error().message;
  EXPECT_EQ(std::get<L1FinalizedTimestamp>(by_time->l1_finalized).timestamp, 1704153600u);

  // number + timestamp without hash: the number form, with a warning (as upstream reads it).
  auto partial = parse_genesis(
      replace(std::string(kBase), "number = 0", "number = 7\ntimestamp = \"0x66575298\""));
  ASSERT_TRUE(partial) << partial.error().message;
  EXPECT_EQ(std::get<L1FinalizedNumber>(partial->l1_finalized).number, 7u);
  ASSERT_EQ(partial->warnings.size(), 1u);
  EXPECT_TRUE(contains(partial->warnings[0], "ignored"));
}

TEST(Genesis, UnknownKeysAreWarnings) {
  auto genesis = parse_genesis(
      replace(std::string(kBase), "capacity = 10", "capacity = 10\ncapacty = 11"), "g.toml");
  ASSERT_TRUE(genesis) << genesis.error().message;
  ASSERT_EQ(genesis->warnings.size(), 1u);
  EXPECT_EQ(genesis->warnings[0], "g.toml: [stake_table] unknown key capacty (line 6) is ignored");
}

struct Malformed {
  std::string_view from;
  std::string_view to;
  std::string_view expected;  // part of the error message
};

TEST(Genesis, MalformedFilesNameTheBadKey) {
  const Malformed cases[] = {
      {"base_fee = 1", "base_fee = \"0.5 wei\"",
       "g.toml: [chain_config] base_fee = \"0.5 wei\" (line 9): invalid amount"},
      {"base_fee = 1", "base_fee = \"1 btc\"", "[chain_config] base_fee = \"1 btc\""},
      {"base_fee = 1", "base_fee = -1", "[chain_config] base_fee = -1"},
      {"base_fee = 1", "base_fee = 1.5", "[chain_config] base_fee = 1.5 (a float)"},
      {"base_fee = 1\n", "", "[chain_config] base_fee: missing"},
      {"max_block_size = 30000", "max_block_size = \"30 parsecs\"",
       "[chain_config] max_block_size = \"30 parsecs\""},
      {"chain_id = 12345", "chain_id = \"1 eth\"", "[chain_config] chain_id = \"1 eth\""},
      {"fee_recipient = \"0x0000000000000000000000000000000000000000\"", "fee_recipient = \"0x00\"",
       "[chain_config] fee_recipient = \"0x00\""},
      {"fee_recipient = \"0x0000000000000000000000000000000000000000\"",
       "fee_recipient = \"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD\"", "EIP-55"},
      {"timestamp = 123456", "timestamp = \"2023-02-29T00:00:00Z\"",
       "[header] timestamp = \"2023-02-29T00:00:00Z\""},
      {"timestamp = 123456", "timestamp = 2023-01-01T00:00:00", "needs a time zone"},
      {"timestamp = 123456", "timestamp = -5", "[header] timestamp = -5"},
      {"capacity = 10", "capacity = \"ten\"", "[stake_table] capacity = \"ten\""},
      {"number = 0", "hash = \"0x00\"", "[l1_finalized] (line 13): expected number"},
      {"number = 0", "number = 1\ntimestamp = 2\nhash = \"0x1234\"",
       "[l1_finalized] hash = \"0x1234\""},
      {"upgrade_version = \"0.2\"", "upgrade_version = \"two\"", "upgrade_version = \"two\""},
      {"[header]\ntimestamp = 123456\n", "", "[header]: missing (this section is required)"},
      {"[stake_table]", "[stake_table]\n[stake_table]", "invalid TOML"},
      {"number = 0", "number = 0\n[network]\nbootstrap_nodes = [\"/ip4/1.2.3/tcp/1\"]",
       "[network] bootstrap_nodes = \"/ip4/1.2.3/tcp/1\""},
      {"number = 0", "number = 0\n[network]\nbootstrap_nodes = \"/ip4/1.2.3.4/tcp/1\"",
       "expected an array"},
      {"number = 0", "number = 0\n[accounts]\n\"0x12\" = 5", "[accounts] 0x12 = 5"},
      {"number = 0",
       "number = 0\n[accounts]\n\"0x0000000000000000000000000000000000000001\" = \"x\"",
       "[accounts] 0x0000000000000000000000000000000000000001 = \"x\""},
  };
  for (const auto& c : cases) {
    auto result = parse_genesis(replace(std::string(kBase), c.from, c.to), "g.toml");
    ASSERT_FALSE(result) << c.to;
    EXPECT_TRUE(contains(result.error().message, std::string(c.expected)))
        << "got: " << result.error().message;
  }
}

constexpr std::string_view kUpgradeView = R"(
[[upgrade]]
version = "0.2"
start_proposing_view = 5
stop_proposing_view = 15
[upgrade.fee]
[upgrade.fee.chain_config]
chain_id = 777
max_block_size = 30000
base_fee = 1
fee_recipient = "0x0000000000000000000000000000000000000000"
)";

TEST(Genesis, MalformedUpgrades) {
  const Malformed cases[] = {
      {"stop_proposing_view = 15", "stop_proposing_view = 1",
       "[upgrade #1] stop_proposing_view = 1 (line 19): is less than start_proposing_view"},
      {"stop_proposing_view = 15", "stop_proposing_view = 15\nstart_proposing_time = 5",
       "both view and time"},
      {"start_proposing_view = 5\nstop_proposing_view = 15", "", "no mode"},
      {"[upgrade.fee]\n[upgrade.fee.chain_config]", "[upgrade.gas]\n[upgrade.gas.chain_config]",
       "exactly one upgrade type"},
      {"chain_id = 777\nmax_block_size = 30000\nbase_fee = 1",
       "chain_id = 777\nmax_block_size = 30000\nbase_fee = \"x\"",
       "[upgrade.fee.chain_config] base_fee = \"x\""},
      {"version = \"0.2\"\nstart", "version = 2\nstart", "[upgrade #1] version = 2"},
  };
  const std::string base = std::string(kBase) + std::string(kUpgradeView);
  ASSERT_TRUE(parse_genesis(base)) << parse_genesis(base).error().message;
  for (const auto& c : cases) {
    auto result = parse_genesis(replace(base, c.from, c.to), "g.toml");
    ASSERT_FALSE(result) << c.to;
    EXPECT_TRUE(contains(result.error().message, std::string(c.expected)))
        << "got: " << result.error().message;
  }
  auto duplicate = parse_genesis(base + std::string(kUpgradeView), "g.toml");
  ASSERT_FALSE(duplicate);
  EXPECT_TRUE(contains(duplicate.error().message, "same version"));
}

TEST(Genesis, MissingFileIsAnError) {
  auto result = load_genesis_file("/nonexistent/genesis.toml");
  ASSERT_FALSE(result);
  EXPECT_TRUE(contains(result.error().message, "/nonexistent/genesis.toml"));
}

}  // namespace
}  // namespace espresso
