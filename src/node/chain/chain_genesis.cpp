#include "node/chain/chain_genesis.hpp"

#include <variant>

#include "node/chain/chain_conversions.hpp"

namespace espresso {

GenesisDescription genesis_description(const Genesis& genesis,
                                       const consensus::Commitment& empty_payload_commitment) {
  GenesisDescription description;
  description.chain_config = genesis.chain_config;
  description.timestamp = genesis.header_timestamp;
  if (const auto* block = std::get_if<L1BlockInfo>(&genesis.l1_finalized)) {
    description.l1_finalized = *block;
  }
  description.accounts.assign(genesis.accounts.begin(), genesis.accounts.end());
  description.version = HeaderVersion{genesis.base_version.major, genesis.base_version.minor};
  description.empty_payload_commitment = header_payload_commitment(empty_payload_commitment);
  return description;
}

Result<GenesisBlock> genesis_block(const Genesis& genesis,
                                   const consensus::Commitment& empty_payload_commitment) {
  return make_genesis(genesis_description(genesis, empty_payload_commitment));
}

}  // namespace espresso
