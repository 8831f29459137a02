#pragma once
// The node's two signing keys, from the options: the private keys given directly
// (--private-staking-key and --private-state-key), which replace the key file, or else the key
// file (--key-file, `.env` form of the seed guide's key management section).

#include "common/result.hpp"
#include "crypto/key_file.hpp"
#include "node/options/sequencer_options.hpp"

namespace espresso {

Result<NodeKeys> resolve_node_keys(const SequencerOptions& options);

}  // namespace espresso
