#include <string>
#include <utility>

#include "storage/consensus_codec.hpp"
#include "storage/consensus_store.hpp"
#include "storage/migrations.hpp"
#include "storage/sqlite_database.hpp"

namespace espresso::storage {
namespace {

using consensus::PersistedState;
using consensus::PersistRecord;

class SqliteConsensusStore final : public ConsensusStore {
 public:
  explicit SqliteConsensusStore(SqliteDatabase db) : db_(std::move(db)) {}

  Status open() {
    auto version = run_migrations(db_, sqlite_migrations());
    if (!version) return fail(std::move(version).error());
    auto loaded = load();
    if (!loaded) return fail(std::move(loaded).error());
    state_ = std::move(*loaded);
    return {};
  }

  Status append(std::span<const PersistRecord> records) override {
    // The next state is computed with the consensus core's own rules, then written as a diff:
    // the state row, new undecided proposals, and proposals a decide made obsolete.
    PersistedState next = state_;
    for (const auto& record : records) next.apply(record);
    auto written = db_.transaction([&]() -> Status {
      ESEQ_TRY_STATUS(write_state(next));
      ESEQ_TRY_STATUS(write_undecided(records, next));
      return {};
    });
    if (!written) return fail(std::move(written).error().context("consensus store: append"));
    state_ = std::move(next);
    return {};
  }

  Result<PersistedState> load() override {
    auto state = read_state();
    if (!state) return fail(std::move(state).error().context("consensus store " + db_.path()));
    return state;
  }

 private:
  Status write_state(const PersistedState& next) {
    auto upsert = db_.cached(
        "INSERT INTO consensus_state (id, last_voted_view, high_qc, last_decided) "
        "VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_voted_view = "
        "excluded.last_voted_view, "
        "high_qc = excluded.high_qc, last_decided = excluded.last_decided");
    if (!upsert) return fail(std::move(upsert).error());
    ESEQ_TRY_STATUS((*upsert)->bind_int(1, static_cast<std::int64_t>(next.last_voted_view)));
    ESEQ_TRY_STATUS((*upsert)->bind_blob(2, encode_certificate(next.high_qc)));
    ESEQ_TRY_STATUS((*upsert)->bind_blob(
        3, encode_decided(consensus::PersistDecided{next.last_decided, next.upgrade_anchor})));
    return (*upsert)->run();
  }

  Status write_undecided(std::span<const PersistRecord> records, const PersistedState& next) {
    if (next.last_decided.height > state_.last_decided.height) {
      auto prune = db_.cached("DELETE FROM consensus_undecided WHERE height <= ?");
      if (!prune) return fail(std::move(prune).error());
      ESEQ_TRY_STATUS((*prune)->bind_int(1, static_cast<std::int64_t>(next.last_decided.height)));
      ESEQ_TRY_STATUS((*prune)->run());
    }
    auto insert = db_.cached(
        "INSERT OR REPLACE INTO consensus_undecided (view, leaf_commitment, height, proposal, seq) "
        "VALUES (?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM consensus_undecided))");
    if (!insert) return fail(std::move(insert).error());
    for (const auto& record : records) {
      const auto* stored = std::get_if<consensus::PersistProposal>(&record);
      if (stored == nullptr) continue;
      const auto& proposal = stored->proposal;
      // Only what apply() kept: a later decide in the same batch may have dropped it.
      if (proposal.leaf.height <= next.last_decided.height) continue;
      ESEQ_TRY_STATUS((*insert)->bind_int(1, static_cast<std::int64_t>(proposal.leaf.view)));
      ESEQ_TRY_STATUS((*insert)->bind_blob(2, proposal.leaf.commitment()));
      ESEQ_TRY_STATUS((*insert)->bind_int(3, static_cast<std::int64_t>(proposal.leaf.height)));
      ESEQ_TRY_STATUS((*insert)->bind_blob(4, encode_proposal(proposal)));
      ESEQ_TRY_STATUS((*insert)->run());
    }
    return {};
  }

  Result<PersistedState> read_state() {
    PersistedState state;
    auto row = db_.cached(
        "SELECT last_voted_view, high_qc, last_decided FROM consensus_state WHERE id = 1");
    if (!row) return fail(std::move(row).error());
    auto found = (*row)->step();
    if (!found) return fail(std::move(found).error());
    if (*found) {
      state.last_voted_view = static_cast<consensus::ViewNumber>((*row)->column_int(0));
      auto qc = decode_certificate((*row)->column_blob(1));
      if (!qc) return fail(std::move(qc).error());
      state.high_qc = std::move(*qc);
      auto decided = decode_decided((*row)->column_blob(2));
      if (!decided) return fail(std::move(decided).error());
      state.last_decided = std::move(decided->leaf);
      state.upgrade_anchor = decided->upgrade_anchor;
    }
    // In insertion order, as the records were applied.
    auto proposals = db_.cached("SELECT view, proposal FROM consensus_undecided ORDER BY seq");
    if (!proposals) return fail(std::move(proposals).error());
    for (;;) {
      auto next = (*proposals)->step();
      if (!next) return fail(std::move(next).error());
      if (!*next) break;
      auto proposal = decode_proposal((*proposals)->column_blob(1));
      if (!proposal) {
        return fail(std::move(proposal).error().context(
            "undecided proposal of view " + std::to_string((*proposals)->column_int(0))));
      }
      state.undecided.push_back(std::move(*proposal));
    }
    return state;
  }

  SqliteDatabase db_;
  PersistedState state_;  // mirror of what is on disk, to compute the next state from
};

}  // namespace

Result<std::unique_ptr<ConsensusStore>> make_sqlite_consensus_store(const std::string& path) {
  auto db = SqliteDatabase::open(path, Durability::kFull);
  if (!db) return fail(std::move(db).error());
  auto store = std::make_unique<SqliteConsensusStore>(std::move(*db));
  ESEQ_TRY_STATUS(store->open());
  return std::unique_ptr<ConsensusStore>(std::move(store));
}

}  // namespace espresso::storage
