#pragma once
// The block layer's genesis from a parsed genesis file. Consensus starts from genesis_leaf()
// (height 0, empty header bytes); the chain adapter maps that leaf to this header and state.

#include "common/result.hpp"
#include "consensus/types.hpp"
#include "genesis/genesis.hpp"
#include "state/genesis_state.hpp"

namespace espresso {

// `empty_payload_commitment`: the VID commitment of the empty payload under this network's VID
// parameters (VidScheme::commit of no bytes). The genesis L1 block is used only when the file
// gives it in full; a bare number or timestamp needs an L1 client to resolve it, so the header then
// has no finalized L1 block (the first block with an L1 client sets it).
GenesisDescription genesis_description(const Genesis& genesis,
                                       const consensus::Commitment& empty_payload_commitment);

Result<GenesisBlock> genesis_block(const Genesis& genesis,
                                   const consensus::Commitment& empty_payload_commitment);

}  // namespace espresso
