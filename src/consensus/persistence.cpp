#include "consensus/persistence.hpp"

#include <algorithm>

namespace espresso::consensus {

void PersistedState::apply(const PersistRecord& record) {
  if (const auto* voted = std::get_if<PersistVotedView>(&record)) {
    last_voted_view = std::max(last_voted_view, voted->view);
  } else if (const auto* high = std::get_if<PersistHighQc>(&record)) {
    if (high->qc.view >= high_qc.view) high_qc = high->qc;
  } else if (const auto* stored = std::get_if<PersistProposal>(&record)) {
    if (stored->proposal.leaf.height > last_decided.height) undecided.push_back(stored->proposal);
  } else if (const auto* decided = std::get_if<PersistDecided>(&record)) {
    if (decided->leaf.height > last_decided.height) {
      last_decided = decided->leaf;
      upgrade_anchor = decided->upgrade_anchor;
    }
    std::erase_if(undecided,
                  [&](const QuorumProposal& p) { return p.leaf.height <= last_decided.height; });
  }
}

}  // namespace espresso::consensus
