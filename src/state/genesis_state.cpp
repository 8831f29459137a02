#include "state/genesis_state.hpp"

#include <set>

#include "types/ns_table.hpp"
#include "types/payload.hpp"

namespace espresso {

Result<GenesisBlock> make_genesis(const GenesisDescription& description) {
  ValidatedState state;
  state.chain_config = description.chain_config;
  std::set<Address> seen;
  for (const auto& [account, balance] : description.accounts) {
    if (!seen.insert(account).second) {
      return fail("genesis: account " + account.to_hex() + " is listed twice in [accounts]");
    }
    state.fee_tree.set(account, balance);
  }

  Payload empty;
  empty.ns_table = NsTableBuilder{}.build();

  Header header;
  header.version = description.version;
  header.chain_config = ResolvableChainConfig{description.chain_config};
  header.height = 0;
  header.timestamp = description.timestamp;
  header.l1_finalized = description.l1_finalized;
  header.l1_head = description.l1_finalized ? description.l1_finalized->number : 0;
  header.payload_commitment = description.empty_payload_commitment;
  header.builder_commitment = builder_commitment(empty).digest;
  header.ns_table = empty.ns_table;
  header.block_merkle_tree_root = state.block_merkle_tree_root();
  header.fee_merkle_tree_root = state.fee_merkle_tree_root();
  header.fee_info = FeeInfo{};
  return GenesisBlock{std::move(header), std::move(state)};
}

}  // namespace espresso
