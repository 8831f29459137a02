// The PostgreSQL schema: the same numbered steps as schema_sqlite.cpp in PostgreSQL types
// (BIGINT, BYTEA). Released steps never change; new columns and tables come as new steps.

#include <array>

#include "storage/migrations.hpp"

namespace espresso::storage {
namespace {

constexpr std::array kPostgresMigrations{
    Migration{1, "consensus records", R"sql(
CREATE TABLE consensus_state (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  last_voted_view BIGINT NOT NULL,
  high_qc BYTEA NOT NULL,
  last_decided BYTEA NOT NULL
);
CREATE TABLE consensus_undecided (
  view BIGINT NOT NULL,
  leaf_commitment BYTEA NOT NULL,
  height BIGINT NOT NULL,
  proposal BYTEA NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (view, leaf_commitment)
);
CREATE INDEX consensus_undecided_height ON consensus_undecided (height);
)sql"},
    Migration{2, "query store: blocks and transaction index", R"sql(
CREATE TABLE blocks (
  height BIGINT PRIMARY KEY,
  leaf_hash BYTEA NOT NULL,
  block_hash BYTEA NOT NULL,
  payload_hash BYTEA NOT NULL,
  leaf BYTEA NOT NULL,
  header BYTEA NOT NULL,
  payload BYTEA NOT NULL,
  transaction_count BIGINT NOT NULL,
  payload_size BIGINT NOT NULL
);
CREATE UNIQUE INDEX blocks_block_hash ON blocks (block_hash);
CREATE INDEX blocks_payload_hash ON blocks (payload_hash);
CREATE TABLE transactions (
  commitment BYTEA NOT NULL,
  height BIGINT NOT NULL REFERENCES blocks (height) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  namespace_id BIGINT NOT NULL,
  PRIMARY KEY (height, position)
);
CREATE INDEX transactions_commitment ON transactions (commitment, height, position);
)sql"},
    Migration{3, "query store: header timestamp, VID data, pruned height", R"sql(
ALTER TABLE blocks ADD COLUMN timestamp BIGINT NOT NULL DEFAULT 0;
ALTER TABLE blocks ADD COLUMN vid_common BYTEA NOT NULL DEFAULT '\x';
ALTER TABLE blocks ADD COLUMN vid_share BYTEA;
CREATE INDEX blocks_timestamp ON blocks (timestamp, height);
CREATE TABLE pruned_height (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  height BIGINT NOT NULL
);
)sql"},
    Migration{4, "consensus records: DA payloads, own VID shares, DA-voted view", R"sql(
ALTER TABLE consensus_state ADD COLUMN da_voted_view BIGINT NOT NULL DEFAULT 0;
CREATE TABLE consensus_da_proposals (
  payload_commitment BYTEA PRIMARY KEY,
  view BIGINT NOT NULL,
  record BYTEA NOT NULL,
  seq BIGINT NOT NULL
);
CREATE TABLE consensus_vid_shares (
  payload_commitment BYTEA PRIMARY KEY,
  view BIGINT NOT NULL,
  record BYTEA NOT NULL,
  seq BIGINT NOT NULL
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
ALTER TABLE blocks ADD COLUMN blob_bytes BIGINT NOT NULL DEFAULT 0;
)sql"},
    Migration{8, "query store: transaction index as sorted runs (transaction_hash_runs.hpp)",
              R"sql(
CREATE TABLE transaction_hash_runs (
  run BIGINT PRIMARY KEY,
  level BIGINT NOT NULL,  -- 0: the open run; the existing index becomes one never-merged run
  entries BIGINT NOT NULL,
  min_height BIGINT NOT NULL,
  max_height BIGINT NOT NULL,
  state BIGINT NOT NULL DEFAULT 0,  -- 0 searched, 1 being built by a merge, 2 being deleted
  done BIGINT NOT NULL DEFAULT 0,   -- key-range chunks copied (state 1) or deleted (state 2)
  chunks BIGINT NOT NULL DEFAULT 0,
  merge_into BIGINT  -- a searched run being copied into run `merge_into`
);
CREATE TABLE transaction_hashes (
  run BIGINT NOT NULL,
  commitment BYTEA NOT NULL,
  height BIGINT NOT NULL,
  position BIGINT NOT NULL,
  PRIMARY KEY (run, commitment, height, position)
);
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

std::span<const Migration> postgres_migrations() {
  return kPostgresMigrations;
}

}  // namespace espresso::storage
