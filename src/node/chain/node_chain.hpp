#pragma once
// The chain adapter as the node wires it: one LeafStates shared by the block builder (leader side)
// and the block validator (replica side), and the ChainState the API serves (decided states, plus
// the states of blocks the validator accepted, published as it accepts them). The node hands
// builder() and validator() to its Replica, calls on_decided() for every leaf of each
// DecideAction (lowest height first), and registers chain_state() with the catchup module.
// Everything but chain_state() is used on the event loop thread only.

#include <cstddef>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "consensus/block_interfaces.hpp"
#include "crypto/ethereum.hpp"
#include "node/chain/chain_state.hpp"
#include "node/chain/leaf_states.hpp"
#include "node/chain/state_block_builder.hpp"
#include "node/chain/state_block_validator.hpp"
#include "node/chain/unix_clock.hpp"
#include "state/genesis_state.hpp"

namespace espresso {

class NodeChain {
 public:
  // `builder_key`: the node's builder fee key (an option of the node).
  // `start`: genesis_start() on a new chain, restart_from() after a restart.
  NodeChain(ChainStart start, EthPrivateKey builder_key, UnixClock clock = system_unix_seconds,
            std::size_t decided_history = kDefaultDecidedHistory);
  NodeChain(GenesisBlock genesis, EthPrivateKey builder_key, UnixClock clock = system_unix_seconds,
            std::size_t decided_history = kDefaultDecidedHistory)
      : NodeChain(genesis_start(std::move(genesis)), std::move(builder_key), std::move(clock),
                  decided_history) {}
  // The builder and validator point into this object.
  NodeChain(const NodeChain&) = delete;
  NodeChain& operator=(const NodeChain&) = delete;

  StateBlockBuilder& builder() { return builder_; }
  StateBlockValidator& validator() { return validator_; }

  // Prunes the undecided states the decide makes useless and records the decided state.
  Status on_decided(const consensus::Leaf& leaf);

  // After a restart: the undecided leaves the replica reloaded (see LeafStates::adopt).
  std::size_t adopt(std::vector<consensus::Leaf> leaves) {
    return states_.adopt(std::move(leaves));
  }

  const LeafStates& leaf_states() const { return states_; }
  ChainState& chain_state() { return chain_state_; }
  const ChainState& chain_state() const { return chain_state_; }

 private:
  LeafStates states_;
  StateBlockBuilder builder_;
  StateBlockValidator validator_;
  ChainState chain_state_;
};

}  // namespace espresso
