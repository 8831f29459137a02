#pragma once
// Test helpers for node/chain: a genesis file funding the test builder, a stand-in VID commitment
// (sha256 of the payload; the real scheme is tested in consensus/), and a leader that proposes
// leaves the way the Replica does (build_payload, commit, build_header).

#include <cstdint>
#include <string>
#include <vector>

#include "common/check.hpp"
#include "common/hash.hpp"
#include "consensus/messages.hpp"
#include "genesis/genesis.hpp"
#include "node/chain/chain_genesis.hpp"
#include "node/chain/mempool_transaction.hpp"
#include "node/chain/state_block_builder.hpp"

namespace espresso::chain_test {

inline constexpr std::uint64_t kGenesisTime = 1'700'000'000;
inline constexpr consensus::Version kVersion{0, 1};

inline EthPrivateKey test_key(std::uint8_t seed) {
  Hash32 secret{};
  secret[0] = 0x42;
  secret[31] = seed;
  return EthPrivateKey::from_bytes(secret).value();
}

inline const Address& fee_recipient() {
  static const Address recipient =
      Address::parse("0x000000000000000000000000000000000000fee0").value();
  return recipient;
}

// A genesis file: base fee `base_fee` wei/byte, `max_block_size` bytes, `funded` holding 10^9 wei.
inline Genesis test_genesis_file(const Address& funded, std::uint64_t base_fee = 2,
                                 std::uint64_t max_block_size = 4096) {
  const std::string toml =
      "base_version = \"0.1\"\nupgrade_version = \"0.2\"\n"
      "[chain_config]\nchain_id = 35353\nbase_fee = '" +
      std::to_string(base_fee) + " wei'\nmax_block_size = " + std::to_string(max_block_size) +
      "\nfee_recipient = '" + fee_recipient().to_hex() +
      "'\n"
      "[header]\ntimestamp = " +
      std::to_string(kGenesisTime) +
      "\n"
      "[l1_finalized]\nnumber = 100\ntimestamp = 1699999000\n"
      "hash = '0x" +
      std::string(64, '1') +
      "'\n"
      "[stake_table]\ncapacity = 10\n"
      "[accounts]\n'" +
      funded.to_hex() + "' = 1000000000\n";
  auto genesis = parse_genesis(toml, "test-genesis");
  ESEQ_CHECK(genesis.has_value(), genesis ? "" : genesis.error().message.c_str());
  return *genesis;
}

inline consensus::Commitment stand_in_vid(ByteView payload) {
  return sha256(payload);
}

inline GenesisBlock test_genesis_block(const Genesis& genesis) {
  return genesis_block(genesis, stand_in_vid({})).value();
}

inline std::vector<Bytes> encoded(const std::vector<Transaction>& transactions) {
  std::vector<Bytes> out;
  for (const auto& tx : transactions) out.push_back(encode_mempool_transaction(tx));
  return out;
}

struct Proposal {
  consensus::Leaf leaf;
  Bytes payload;
};

inline Proposal propose(StateBlockBuilder& builder, const consensus::Leaf& parent,
                        consensus::ViewNumber view, const std::vector<Transaction>& transactions,
                        consensus::Version version = kVersion) {
  Proposal out;
  const auto mempool = encoded(transactions);
  out.payload = builder.build_payload(mempool);
  const consensus::Commitment commitment = stand_in_vid(out.payload);
  out.leaf = consensus::Leaf{view, parent.height + 1, parent.commitment(), commitment,
                             builder.build_header(parent, view, version, commitment, out.payload)};
  return out;
}

}  // namespace espresso::chain_test
