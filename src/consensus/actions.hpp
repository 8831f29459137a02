#pragma once
// What a replica asks its driver to do. The driver executes a batch IN ORDER; persist actions
// are always emitted before the sends that depend on them, and a send that waits_for_persist
// leaves only once every persist action before it (in this batch or an earlier one) is durable.

#include <optional>
#include <variant>
#include <vector>

#include "consensus/messages.hpp"
#include "consensus/persistence.hpp"

namespace espresso::consensus {

struct SendAction {  // `to` may be the replica itself: deliver it back like any message
  NodeIndex to = 0;
  MessagePtr message;
  // False when nothing the message says depends on the persist actions before it (transaction
  // gossip): a driver that persists asynchronously may send it before they are durable.
  bool waits_for_persist = true;
};
struct BroadcastAction {  // to every node but the sender
  MessagePtr message;
  bool waits_for_persist = true;  // as in SendAction
};
struct SetTimerAction {  // call on_timer(view) after delay_ms (earlier timers need not be
                         // cancelled)
  ViewNumber view = 0;
  std::uint64_t delay_ms = 0;
};
struct PersistAction {
  PersistRecord record;
};
// A decided leaf with what this replica holds of its block: the payload (DA members, from the DA
// proposal) and its own VID share. Either may be missing; the node then fetches it from peers.
// `qc` is the quorum certificate on the leaf (the justify QC of the proposal that extends it),
// which the query service serves with the leaf.
// A transaction the decided proposal lists, as this node's mempool held it.
struct PooledTransaction {
  Commitment commitment;  // computed here from `bytes`, so it names exactly them
  Bytes bytes;            // empty when the pool did not hold it
};

struct DecidedLeaf {
  Leaf leaf;
  std::optional<Bytes> payload;
  std::optional<Bytes> vid_share;
  std::optional<Certificate> qc = std::nullopt;
  // The VID common data of the payload (vid::encode_common bytes), from this node's verified
  // share, so the query service need not disperse the payload again.
  std::optional<Bytes> vid_common = std::nullopt;
  // The proposal's transaction list with the bytes this node pooled for each, and the function
  // that named them: a block layer whose own transaction commitment that is can take the
  // commitment of a payload transaction with exactly these bytes instead of hashing it again (the
  // list is the leader's claim, so only equal bytes count).
  std::vector<PooledTransaction> pooled = {};
  TransactionCommitter pooled_by = nullptr;
};
struct DecideAction {  // newly decided leaves, lowest height first, contiguous with earlier ones
  std::vector<DecidedLeaf> leaves;
};

using Action =
    std::variant<SendAction, BroadcastAction, SetTimerAction, PersistAction, DecideAction>;
using Actions = std::vector<Action>;

}  // namespace espresso::consensus
