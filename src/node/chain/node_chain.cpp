#include "node/chain/node_chain.hpp"

#include <utility>

namespace espresso {

NodeChain::NodeChain(ChainStart start, EthPrivateKey builder_key, UnixClock clock,
                     std::size_t decided_history)
    : states_(std::move(start)),
      builder_(states_, std::move(builder_key), clock),
      validator_(states_, clock),
      chain_state_(decided_history) {
  const LeafState& decided = states_.last_decided();
  chain_state_.record(DecidedState{decided.height, decided.view, decided.state});
  validator_.set_listener([this](const LeafState& validated) {
    chain_state_.record_validated(DecidedState{validated.height, validated.view, validated.state});
  });
}

Status NodeChain::on_decided(const consensus::Leaf& leaf) {
  auto decided = states_.on_decided(leaf);
  if (!decided) return fail(std::move(decided).error());
  const LeafState& entry = **decided;
  chain_state_.record(DecidedState{entry.height, entry.view, entry.state});
  return {};
}

}  // namespace espresso
