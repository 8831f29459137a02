#pragma once
// The header and validated state after each leaf this node knows to be valid: the ones it
// validated, the ones it derived on decide, and genesis. Children are validated against their
// parent's entry, so one entry per undecided leaf is kept (a ValidatedState copy is cheap: its
// fee tree is shared copy-on-write) and entries at or below a decided height, other than the
// decided leaf itself, are dropped on decide.
//
// Used on one thread (the node's event loop), like the Replica it serves.

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "consensus/messages.hpp"
#include "state/genesis_state.hpp"
#include "state/validated_state.hpp"
#include "types/header.hpp"

namespace espresso {

struct LeafState {
  consensus::ViewNumber view = 0;
  std::uint64_t height = 0;
  Header header;
  ValidatedState state;  // after this leaf's block
};

// The header in a leaf; fails unless it is one encoded Header of the leaf's height.
Result<Header> decode_leaf_header(const consensus::Leaf& leaf);

// A state caught up from peers holds only the fee accounts it fetched; applying `header` with a
// non-zero fee reads its builder's and the fee recipient's. Fails naming the first one `state` does
// not hold.
Status check_fee_accounts_known(const ValidatedState& state, const Header& header);

// Where a node's chain starts: a decided leaf and the state after it.
struct ChainStart {
  consensus::Leaf leaf;
  LeafState entry;
};

// consensus::genesis_leaf() (empty header bytes) with the genesis header and state.
ChainStart genesis_start(GenesisBlock genesis);

// A restarted node's last decided leaf with the state persisted for it (state/state_codec.hpp).
// Fails unless the leaf's header decodes and carries the state's block and fee tree roots.
Result<ChainStart> restart_from(const consensus::Leaf& decided, ValidatedState state);

class LeafStates {
 public:
  explicit LeafStates(ChainStart start);
  // consensus::genesis_leaf() maps to `genesis`, decided by definition.
  explicit LeafStates(GenesisBlock genesis) : LeafStates(genesis_start(std::move(genesis))) {}

  const LeafState* find(const consensus::Commitment& leaf) const;
  void insert(const consensus::Commitment& leaf, LeafState entry);

  // The entry of `leaf`, derived from its parent's entry (apply_header, no header checks) when this
  // node has not validated it: for a leaf a QC certifies but this node never voted on (caught up
  // from a peer). Fails when neither the leaf nor its parent is known, or the header is malformed.
  Result<const LeafState*> resolve(const consensus::Leaf& leaf);

  // Records `leaf` as decided (deriving its entry if needed) and prunes entries it makes useless.
  // Decided leaves must arrive in height order, as DecideAction lists them.
  Result<const LeafState*> on_decided(const consensus::Leaf& leaf);

  // Derives the entries of leaves this node holds but has not validated (the undecided proposals
  // a restarted node reloads), parents before children; returns how many it could derive.
  std::size_t adopt(std::vector<consensus::Leaf> leaves);

  const LeafState& last_decided() const { return *last_decided_; }
  // The known entry of greatest height (the chain tip this node has seen), for the builder's
  // limits before it knows which parent the replica picks.
  const LeafState& highest() const;
  std::size_t size() const { return entries_.size(); }

 private:
  std::map<consensus::Commitment, LeafState> entries_;
  const LeafState* last_decided_ = nullptr;
};

}  // namespace espresso
