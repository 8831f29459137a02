#include "consensus/persistence.hpp"

#include <algorithm>
#include <map>

namespace espresso::consensus {
namespace {

// Replaces the entry for the same payload commitment; ignores records of decided views.
template <typename Record>
void keep_newest(std::vector<Record>& records, const Record& record, ViewNumber decided_view) {
  if (record.view <= decided_view) return;
  const auto same = std::find_if(records.begin(), records.end(), [&](const Record& r) {
    return r.payload_commitment == record.payload_commitment;
  });
  if (same == records.end()) {
    records.push_back(record);
  } else if (same->view <= record.view) {
    *same = record;
  }
}

}  // namespace

void PersistedState::keep_decided_chain() {
  // Walk the decided chain down from last_decided; its proposals move to recent_decided, forks
  // at or below the decided height are dropped. Proposals are moved, never copied: one holds a
  // hash per transaction, and the window holds hundreds of them.
  const auto in_window = [&](const QuorumProposal& p) {
    return p.leaf.height <= last_decided.height &&
           p.leaf.height + kKeptDecidedHeights > last_decided.height;
  };
  std::vector<QuorumProposal> pool;
  pool.reserve(recent_decided.size() + undecided.size());
  for (auto& p : recent_decided) {
    if (in_window(p)) pool.push_back(std::move(p));
  }
  const auto decided_part = std::stable_partition(
      undecided.begin(), undecided.end(),
      [&](const QuorumProposal& p) { return p.leaf.height > last_decided.height; });
  for (auto it = decided_part; it != undecided.end(); ++it) {
    if (in_window(*it)) pool.push_back(std::move(*it));
  }
  undecided.erase(decided_part, undecided.end());

  std::map<Commitment, std::size_t> known;  // the first proposal of each leaf wins
  for (std::size_t i = 0; i < pool.size(); ++i) known.emplace(pool[i].leaf.commitment(), i);
  std::vector<QuorumProposal> chain;
  Commitment cursor = last_decided.commitment();
  for (auto it = known.find(cursor); it != known.end(); it = known.find(cursor)) {
    cursor = pool[it->second].leaf.parent;
    chain.push_back(std::move(pool[it->second]));
    known.erase(it);  // a chain never revisits a leaf; this also guards against a cycle
  }
  std::reverse(chain.begin(), chain.end());
  recent_decided = std::move(chain);
}

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
    keep_decided_chain();
    const auto decided_view = [&](const auto& r) { return r.view <= last_decided.view; };
    std::erase_if(da_proposals, decided_view);
    std::erase_if(vid_shares, decided_view);
  } else if (const auto* da = std::get_if<PersistDaProposal>(&record)) {
    keep_newest(da_proposals, *da, last_decided.view);
  } else if (const auto* share = std::get_if<PersistVidShare>(&record)) {
    keep_newest(vid_shares, *share, last_decided.view);
  } else if (const auto* da_voted = std::get_if<PersistDaVotedView>(&record)) {
    da_voted_view = std::max(da_voted_view, da_voted->view);
  }
}

}  // namespace espresso::consensus
