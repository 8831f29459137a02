#pragma once
// The client side of the catchup routes: a peer's answers checked against a header this node
// trusts (decided under a QC), and a ValidatedState assembled from them, as a node that lacks the
// state of its last decided block (a new node, or one whose stored state is gone) rebuilds it.
// The fee tree is partial: it holds only the fetched accounts; the rest are known by digest only.

#include <cstdint>
#include <span>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/address.hpp"
#include "common/result.hpp"
#include "merkle/block_tree.hpp"
#include "merkle/proof_json.hpp"
#include "state/validated_state.hpp"
#include "types/chain_config.hpp"
#include "types/header.hpp"

namespace espresso {

// GET catchup/:height/:view/account/:address: the proof must be about `account` and verify
// against `fee_root` (membership, or non-membership with balance "0x0").
Result<FeeAccountProof> verify_account_response(const nlohmann::json& body, const Address& account,
                                                const MerkleCommitment& fee_root);

// POST catchup/:height/:view/accounts: one verified proof per requested account, in order.
Result<std::vector<FeeAccountProof>> verify_accounts_response(const nlohmann::json& body,
                                                              std::span<const Address> accounts,
                                                              const MerkleCommitment& fee_root);

// GET catchup/:height/:view/blocks: the frontier of the block tree after the block at `height`
// (which holds `height` leaves), whose root must be `block_root`.
Result<BlockMerkleFrontier> verify_blocks_response(const nlohmann::json& body, std::uint64_t height,
                                                   const MerkleCommitment& block_root);

// GET catchup/chain-config/:commitment: the config must hash to `commitment`.
Result<ChainConfig> verify_chain_config_response(const nlohmann::json& body,
                                                 const Hash32& commitment);

// The state after `header`'s block from verified parts. The chain config is the header's when
// it holds the full config, else `fetched_config` (which must match its commitment).
Result<ValidatedState> state_from_catchup(const Header& header, BlockMerkleFrontier frontier,
                                          std::span<const FeeAccountProof> accounts,
                                          const std::optional<ChainConfig>& fetched_config = {});

}  // namespace espresso
