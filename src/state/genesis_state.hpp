#pragma once
// The genesis header and state from a genesis description (plain values, so this layer does not
// depend on the genesis file parser). Upstream: `Header::genesis` and `ValidatedState::genesis`
// (espresso-sequencer types/src/v0/impls/header.rs, state.rs): height 0, empty block tree, fee
// tree holding the `[accounts]` balances, fee info of the zero account and amount, no builder
// signature, l1_head = the finalized L1 block's number.

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "common/address.hpp"
#include "common/result.hpp"
#include "common/tagged_base64.hpp"
#include "common/u256.hpp"
#include "state/validated_state.hpp"
#include "types/chain_config.hpp"
#include "types/header.hpp"
#include "types/l1_block_info.hpp"

namespace espresso {

struct GenesisDescription {
  ChainConfig chain_config;
  std::uint64_t timestamp = 0;  // [header] timestamp, unix seconds
  std::optional<L1BlockInfo> l1_finalized;
  std::vector<std::pair<Address, U256>> accounts;  // [accounts], wei
  HeaderVersion version = kHeaderV0_1;
  // VID commitment of the empty payload (it depends on the VID parameters, so the caller's).
  TaggedBase64 empty_payload_commitment;
};

struct GenesisBlock {
  Header header;
  ValidatedState state;  // the state after genesis: the parent state of block 1
};

// Fails on an account listed twice (a typo that would silently drop a balance).
Result<GenesisBlock> make_genesis(const GenesisDescription& description);

}  // namespace espresso
