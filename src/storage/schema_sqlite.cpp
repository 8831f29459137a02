// The SQLite schema, one numbered step per change (see migrations.hpp). Released steps never
// change; new columns and tables come as new steps.

#include <array>

#include "storage/migrations.hpp"

namespace espresso::storage {
namespace {

constexpr std::array kSqliteMigrations{
    Migration{1, "consensus records", R"sql(
CREATE TABLE consensus_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_voted_view INTEGER NOT NULL,
  high_qc BLOB NOT NULL,
  last_decided BLOB NOT NULL
);
CREATE TABLE consensus_undecided (
  view INTEGER NOT NULL,
  leaf_commitment BLOB NOT NULL,
  height INTEGER NOT NULL,
  proposal BLOB NOT NULL,
  seq INTEGER NOT NULL,  -- insertion order, the order load() returns them in
  PRIMARY KEY (view, leaf_commitment)
);
CREATE INDEX consensus_undecided_height ON consensus_undecided (height);
)sql"},
    Migration{2, "query store: blocks and transaction index", R"sql(
CREATE TABLE blocks (
  height INTEGER PRIMARY KEY,
  leaf_hash BLOB NOT NULL,
  block_hash BLOB NOT NULL,
  payload_hash BLOB NOT NULL,
  leaf BLOB NOT NULL,
  header BLOB NOT NULL,
  payload BLOB NOT NULL,
  transaction_count INTEGER NOT NULL,
  payload_size INTEGER NOT NULL
);
CREATE UNIQUE INDEX blocks_block_hash ON blocks (block_hash);
CREATE INDEX blocks_payload_hash ON blocks (payload_hash);
CREATE TABLE transactions (
  commitment BLOB NOT NULL,
  height INTEGER NOT NULL REFERENCES blocks (height) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  namespace_id INTEGER NOT NULL,
  PRIMARY KEY (height, position)
);
CREATE INDEX transactions_commitment ON transactions (commitment, height, position);
)sql"},
    Migration{3, "query store: header timestamp, VID data, pruned height", R"sql(
ALTER TABLE blocks ADD COLUMN timestamp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE blocks ADD COLUMN vid_common BLOB NOT NULL DEFAULT x'';
ALTER TABLE blocks ADD COLUMN vid_share BLOB;
CREATE INDEX blocks_timestamp ON blocks (timestamp, height);
CREATE TABLE pruned_height (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  height INTEGER NOT NULL
);
)sql"},
    Migration{4, "consensus records: DA payloads, own VID shares, DA-voted view", R"sql(
ALTER TABLE consensus_state ADD COLUMN da_voted_view INTEGER NOT NULL DEFAULT 0;
CREATE TABLE consensus_da_proposals (
  payload_commitment BLOB PRIMARY KEY,
  view INTEGER NOT NULL,
  record BLOB NOT NULL,
  seq INTEGER NOT NULL
);
CREATE TABLE consensus_vid_shares (
  payload_commitment BLOB PRIMARY KEY,
  view INTEGER NOT NULL,
  record BLOB NOT NULL,
  seq INTEGER NOT NULL
);
)sql"},
    Migration{5, "query store: leaf-hash index (availability/leaf/hash/:hash)", R"sql(
CREATE INDEX blocks_leaf_hash ON blocks (leaf_hash);
)sql"},
    Migration{6, "consensus records: insertion-order indexes (max(seq) read every row's blob)",
              R"sql(
CREATE INDEX consensus_undecided_seq ON consensus_undecided (seq);
CREATE INDEX consensus_da_proposals_seq ON consensus_da_proposals (seq);
CREATE INDEX consensus_vid_shares_seq ON consensus_vid_shares (seq);
)sql"},
    Migration{7, "query store: blocks whose payload and VID share live in a blob file", R"sql(
ALTER TABLE blocks ADD COLUMN blob_bytes INTEGER NOT NULL DEFAULT 0;
)sql"},
    Migration{8, "query store: transaction index as sorted runs (transaction_hash_runs.hpp)",
              R"sql(
CREATE TABLE transaction_hash_runs (
  run INTEGER PRIMARY KEY,
  level INTEGER NOT NULL,  -- 0: the open run; the existing index becomes one never-merged run
  entries INTEGER NOT NULL,
  min_height INTEGER NOT NULL,
  max_height INTEGER NOT NULL,
  state INTEGER NOT NULL DEFAULT 0,  -- 0 searched, 1 being built by a merge, 2 being deleted
  done INTEGER NOT NULL DEFAULT 0,   -- key-range chunks copied (state 1) or deleted (state 2)
  chunks INTEGER NOT NULL DEFAULT 0,
  merge_into INTEGER  -- a searched run being copied into run `merge_into`
);
CREATE TABLE transaction_hashes (
  run INTEGER NOT NULL,
  commitment BLOB NOT NULL,
  height INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (run, commitment, height, position)
) WITHOUT ROWID;
INSERT INTO transaction_hash_runs (run, level, entries, min_height, max_height)
  SELECT 1, 99, n, lo, hi
  FROM (SELECT count(*) AS n, min(height) AS lo, max(height) AS hi FROM transactions) AS existing
  WHERE n > 0;
INSERT INTO transaction_hashes (run, commitment, height, position)
  SELECT 1, commitment, height, position FROM transactions ORDER BY commitment, height, position;
DROP INDEX transactions_commitment;
)sql"},
};

}  // namespace

std::span<const Migration> sqlite_migrations() {
  return kSqliteMigrations;
}

}  // namespace espresso::storage
