#pragma once
// The `catchup` API module (upstream sequencer/api/catchup.toml), served from decided states:
//   GET  catchup/:height/:view/account/:address  {"balance": "0x..", "proof": <fee account proof>}
//        (balance "0x0" and a non-membership proof when the account is absent)
//   POST catchup/:height/:view/accounts          body: ["0x<address>", ...]; answers an array of
//        fee account proofs (upstream answers a partial FeeMerkleTree; ours lists the same proofs)
//   GET  catchup/:height/:view/blocks            the block tree frontier: proof of the last leaf
//        (null at height 0, when the tree is empty)
//   GET  catchup/chain-config/:commitment        ChainConfig JSON for "CHAIN_CONFIG~..."
// Proof JSON as merkle/proof_json.hpp. `:height` and `:view` name one block: a decided one, or one
// the node validated and has not decided yet (CatchupSource::state_at).
// Bad parameters or bodies get 400, states this node does not hold 404, each naming the problem.

#include <cstddef>

#include "api/catchup/catchup_source.hpp"
#include "api/router.hpp"
#include "common/result.hpp"

namespace espresso {

inline constexpr std::size_t kMaxCatchupAccounts = 1000;  // per POST accounts request

// `source` must outlive the router.
Status register_catchup_routes(Router& router, const CatchupSource& source);

}  // namespace espresso
