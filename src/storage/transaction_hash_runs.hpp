#pragma once
// The index from transaction commitment to (height, position), kept as sorted runs: a small
// log-structured merge tree in two SQL tables. A B-tree over random 32-byte keys dirties one page
// per transaction once it outgrows the page cache, so each decided 1 KiB transaction cost a 4 KiB
// WAL frame and a checkpoint write. Here new entries go to one small open run (a key range that
// stays cached); a full open run is sealed, and `fan_in` sealed runs of one level are merged into
// one run of the next by a sorted copy, which writes pages in order. A lookup seeks each run.
//
// Merges and deletions go in steps of about kChunkEntries entries, one transaction each (a chunk
// is a slice of the commitment space, which is uniform), so upkeep never holds the writer for
// long: a merge builds its target unsearched while its sources stay searched, then the target
// goes live and the sources are deleted chunk by chunk; pruning hands whole runs to the same
// deletion.
//
//   transaction_hash_runs (run, level, entries, min_height, max_height, state, done, chunks,
//                          merge_into): level 0 is the open run; state 0 searched, 1 being built,
//                          2 being deleted; done/chunks count the steps of states 1 and 2.
//   transaction_hashes (run, commitment, height, position), primary key in that order.

#include <cstdint>
#include <optional>
#include <span>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "storage/query_store.hpp"
#include "storage/sql_connection.hpp"

namespace espresso::storage {

struct HashRunPolicy {
  // An open run with this many entries is sealed at level 1; so is a batch this big on its own.
  std::uint64_t seal_entries = 4096;
  // This many sealed runs of one level merge into one run of the next.
  std::uint64_t fan_in = 4;
  // Runs of this level or above are never merged: 4096 * 4^4 (about a million) entries each; at
  // 100 million transactions a lookup seeks about 110 runs.
  std::uint64_t top_level = 5;
  // Entries copied or deleted per step.
  std::uint64_t chunk_entries = 16384;
};

// One index entry; `commitment` views the caller's bytes.
struct TransactionHashEntry {
  ByteView commitment;
  std::uint64_t height = 0;
  std::uint64_t position = 0;
};

class TransactionHashRuns {
 public:
  explicit TransactionHashRuns(HashRunPolicy policy = {}) : policy_(policy) {}

  const HashRunPolicy& policy() const { return policy_; }

  // Inside the caller's transaction: adds `entries` (sorted here) to the open run and seals it
  // once full; a batch of seal_entries or more becomes a sealed run of its own.
  Status append(SqlConnection& db, std::span<const TransactionHashEntry> entries) const;

  // One step of upkeep in its own transaction: the next chunk of a merge or a deletion, or the
  // start of a merge when a level holds fan_in sealed runs. True when it did a step (call again
  // until it answers false). Merges
  // leave out entries at or below the pruned height. A step cut short (an error, a crash) is
  // redone by the next call.
  Result<bool> compact_step(SqlConnection& db) const;

  // The lowest (height, position) holding `commitment` whose transaction row still exists.
  Result<std::optional<TransactionLocation>> find(SqlConnection& db,
                                                  const Hash32& commitment) const;

  // Inside the pruner's transaction: hands the runs whose every entry is at or below `through`
  // to compact_step's deletion. Entries of runs that straddle it stay until a merge leaves them
  // out; lookups skip them because their transaction rows are gone.
  Status prune(SqlConnection& db, std::uint64_t through) const;

 private:
  HashRunPolicy policy_;
};

}  // namespace espresso::storage
