#include "node/options/node_keys.hpp"

namespace espresso {

Result<NodeKeys> resolve_node_keys(const SequencerOptions& options) {
  if (options.private_staking_key && options.private_state_key) {
    return NodeKeys{*options.private_staking_key, *options.private_state_key};
  }
  if (options.private_staking_key || options.private_state_key) {
    return fail(
        "--private-staking-key (ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY) and --private-state-key "
        "(ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY) must be given together");
  }
  if (!options.key_file) {
    return fail(
        "no keys: give --key-file (ESPRESSO_SEQUENCER_KEY_FILE) or both --private-staking-key and "
        "--private-state-key");
  }
  auto contents = read_key_file(*options.key_file);
  if (!contents) return fail(std::move(contents).error());
  auto keys = contents->node_keys();
  if (!keys) return fail(std::move(keys).error().context("key file " + options.key_file->string()));
  return keys;
}

}  // namespace espresso
