#pragma once
// The fetcher's settings from the node's options: peers from `-- query --peers`, then
// --state-peers (both serve the availability API upstream); delays from `-- storage-sql`.

#include "node/fetch/block_fetcher.hpp"
#include "node/options/sequencer_options.hpp"

namespace espresso::fetch {

FetchOptions fetch_options_from(const SequencerOptions& options);

}  // namespace espresso::fetch
