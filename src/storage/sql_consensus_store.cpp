#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>

#include "common/hex.hpp"
#include "storage/blob_files.hpp"
#include "storage/consensus_codec.hpp"
#include "storage/migrations.hpp"
#include "storage/sql_stores.hpp"

namespace espresso::storage {
namespace {

using consensus::PersistedState;
using consensus::PersistRecord;

class SqlConsensusStore final : public ConsensusStore {
 public:
  SqlConsensusStore(std::unique_ptr<SqlConnection> db, std::optional<std::filesystem::path> files)
      : db_(std::move(db)), files_(std::move(files)) {}

  Status open() {
    auto version = run_migrations(*db_, migrations_for(db_->dialect()));
    if (!version) return fail(std::move(version).error());
    auto loaded = load();
    if (!loaded) return fail(std::move(loaded).error());
    state_ = std::move(*loaded);
    // Files of records whose row never committed, or whose removal a crash cut short.
    ESEQ_TRY_STATUS(remove_record_files(kDaTable, {}, state_.da_proposals));
    ESEQ_TRY_STATUS(remove_record_files(kVidTable, {}, state_.vid_shares));
    return {};
  }

  Status append(std::span<const PersistRecord> records) override {
    // The next state is computed with the consensus core's own rules, in place (a copy would
    // duplicate every kept DA payload on each append), then written as a diff against what was
    // decided before: the state row, new undecided proposals, and rows a decide made obsolete.
    const Decided before{state_.last_decided.height, state_.last_decided.view};
    const auto da_before = commitments_of(state_.da_proposals);
    const auto vid_before = commitments_of(state_.vid_shares);
    for (const auto& record : records) state_.apply(record);
    auto written = db_->transaction([&]() -> Status {
      ESEQ_TRY_STATUS(write_state(state_));
      ESEQ_TRY_STATUS(write_undecided(records, before, state_));
      ESEQ_TRY_STATUS(write_payload_records<consensus::PersistDaProposal>(
          records, state_.da_proposals, before, state_, kDaTable, encode_da_proposal_parts));
      ESEQ_TRY_STATUS(write_payload_records<consensus::PersistVidShare>(
          records, state_.vid_shares, before, state_, kVidTable, encode_vid_share_parts));
      return {};
    });
    if (!written) {
      // The mirror ran ahead of the disk: take it back from what the rolled-back database holds.
      auto reloaded = read_state();
      if (reloaded) state_ = std::move(*reloaded);
      return fail(std::move(written).error().context("consensus store: append"));
    }
    // Only once the rows are gone: a crash before this leaves files that open() removes.
    ESEQ_TRY_STATUS(remove_record_files(kDaTable, da_before, state_.da_proposals));
    ESEQ_TRY_STATUS(remove_record_files(kVidTable, vid_before, state_.vid_shares));
    return {};
  }

  Result<PersistedState> load() override {
    auto state = read_state();
    if (!state) return fail(std::move(state).error().context("consensus store " + db_->name()));
    return state;
  }

 private:
  struct Decided {  // the last decided leaf before an append
    std::uint64_t height = 0;
    consensus::ViewNumber view = 0;
  };

  Status write_state(const PersistedState& next) {
    const Bytes high_qc = encode_certificate(next.high_qc);
    const Bytes decided =
        encode_decided(consensus::PersistDecided{next.last_decided, next.upgrade_anchor});
    const SqlParam row[] = {sql_int(next.last_voted_view), sql_blob(high_qc), sql_blob(decided),
                            sql_int(next.da_voted_view)};
    return db_->run(
        "INSERT INTO consensus_state (id, last_voted_view, high_qc, last_decided, da_voted_view) "
        "VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_voted_view = "
        "excluded.last_voted_view, high_qc = excluded.high_qc, last_decided = "
        "excluded.last_decided, da_voted_view = excluded.da_voted_view",
        row);
  }

  // consensus_undecided holds the undecided proposals and the decided chain's recent ones
  // (PersistedState::recent_decided); a decide drops forks at the newly decided heights and
  // decided proposals that fell out of the kept window.
  Status write_undecided(std::span<const PersistRecord> records, Decided before,
                         const PersistedState& next) {
    const std::uint64_t decided = next.last_decided.height;
    if (decided > before.height) {
      // recent_decided is the chain's contiguous tail: nothing below it is kept.
      const std::uint64_t lowest_kept =
          next.recent_decided.empty() ? decided + 1 : next.recent_decided.front().leaf.height;
      const SqlParam below[] = {sql_int(lowest_kept)};
      ESEQ_TRY_STATUS(db_->run("DELETE FROM consensus_undecided WHERE height < ?", below));
      for (std::uint64_t h = std::max(lowest_kept, before.height + 1); h <= decided; ++h) {
        const auto kept =
            std::find_if(next.recent_decided.begin(), next.recent_decided.end(),
                         [&](const consensus::QuorumProposal& p) { return p.leaf.height == h; });
        // No kept proposal at this height (not persisted here): drop everything at it.
        const Hash32 commitment =
            kept == next.recent_decided.end() ? Hash32{} : kept->leaf.commitment();
        const SqlParam fork[] = {sql_int(h), sql_blob(commitment)};
        ESEQ_TRY_STATUS(db_->run(
            "DELETE FROM consensus_undecided WHERE height = ? AND leaf_commitment <> ?", fork));
      }
    }
    for (const auto& record : records) {
      const auto* stored = std::get_if<consensus::PersistProposal>(&record);
      if (stored == nullptr) continue;
      const auto& proposal = stored->proposal;
      const Hash32 commitment = proposal.leaf.commitment();
      // Only what apply() kept: a later decide in the same batch may have dropped it.
      const auto same = [&](const consensus::QuorumProposal& p) {
        return p.leaf.commitment() == commitment;
      };
      if (proposal.leaf.height <= decided &&
          std::none_of(next.recent_decided.begin(), next.recent_decided.end(), same)) {
        continue;
      }
      const Bytes encoded = encode_proposal(proposal);
      const SqlParam row[] = {sql_int(proposal.leaf.view), sql_blob(commitment),
                              sql_int(proposal.leaf.height), sql_blob(encoded)};
      ESEQ_TRY_STATUS(db_->run(
          "INSERT INTO consensus_undecided (view, leaf_commitment, height, proposal, seq) "
          "VALUES (?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM consensus_undecided)) "
          "ON CONFLICT (view, leaf_commitment) DO UPDATE SET height = excluded.height, "
          "proposal = excluded.proposal, seq = excluded.seq",
          row));
    }
    return {};
  }

  // DA payloads and VID shares: one row per payload commitment, as PersistedState keeps them.
  // `kept` (the next state's entries) is authoritative: each commitment the batch touched gets
  // the entry apply() kept, in place (seq unchanged, so load() returns the same order); a decide
  // drops the rows of decided views.
  template <typename Record, typename Encode>
  Status write_payload_records(std::span<const PersistRecord> records,
                               const std::vector<Record>& kept, Decided before,
                               const PersistedState& next, const std::string& table,
                               Encode encode) {
    if (next.last_decided.view > before.view) {
      const SqlParam decided[] = {sql_int(next.last_decided.view)};
      ESEQ_TRY_STATUS(db_->run("DELETE FROM " + table + " WHERE view <= ?", decided));
    }
    for (const auto& record : records) {
      const auto* touched = std::get_if<Record>(&record);
      if (touched == nullptr) continue;
      const auto entry = std::find_if(kept.begin(), kept.end(), [&](const Record& r) {
        return r.payload_commitment == touched->payload_commitment;
      });
      if (entry == kept.end()) continue;  // of a decided view
      const PayloadRecordParts encoded = encode(*entry);
      // A large record goes to its own file, synced before the row that names it commits; the
      // row keeps an empty record (never a valid encoding) to say so.
      const bool in_file = files_ && encoded.size() >= kBlobFileThreshold;
      Bytes in_row;
      if (in_file) {
        const ByteView parts[] = {encoded.head, encoded.bytes};
        auto stored = writer_.write(record_file(table, entry->payload_commitment), parts);
        if (!stored) return fail(std::move(stored).error().context("consensus store"));
      } else {
        in_row = encoded.joined();
      }
      const SqlParam row[] = {sql_blob(entry->payload_commitment), sql_int(entry->view),
                              sql_blob(in_row)};
      ESEQ_TRY_STATUS(db_->run(
          "INSERT INTO " + table +
              " (payload_commitment, view, record, seq) VALUES (?, ?, ?, (SELECT "
              "coalesce(max(seq), 0) + 1 FROM " +
              table +
              ")) ON CONFLICT (payload_commitment) DO UPDATE SET view = excluded.view, record = "
              "excluded.record",
          row));
    }
    return {};
  }

  template <typename Record, typename Decode>
  Result<std::vector<Record>> read_payload_records(const std::string& table, Decode decode) {
    std::vector<Record> entries;
    auto rows =
        db_->query("SELECT view, record, payload_commitment FROM " + table + " ORDER BY seq", {});
    if (!rows) return fail(std::move(rows).error());
    for (const auto& row : *rows) {
      Bytes record = row.blob(1);
      if (record.empty() && files_) {
        auto commitment = row.hash(2, "payload commitment");
        if (!commitment) return fail(std::move(commitment).error().context(table));
        auto read = read_whole_file(record_file(table, *commitment));
        if (!read) return fail(std::move(read).error().context(table));
        record = std::move(*read);
      }
      auto entry = decode(record);
      if (!entry) {
        return fail(std::move(entry).error().context(table + " row of view " +
                                                     std::to_string(row.integer(0))));
      }
      entries.push_back(std::move(*entry));
    }
    return entries;
  }

  Result<PersistedState> read_state() {
    PersistedState state;
    auto rows = db_->query(
        "SELECT last_voted_view, high_qc, last_decided, da_voted_view FROM consensus_state "
        "WHERE id = 1",
        {});
    if (!rows) return fail(std::move(rows).error());
    if (!rows->empty()) {
      const SqlRow& row = rows->front();
      state.last_voted_view = static_cast<consensus::ViewNumber>(row.unsigned_integer(0));
      auto qc = decode_certificate(row.blob(1));
      if (!qc) return fail(std::move(qc).error());
      state.high_qc = std::move(*qc);
      auto decided = decode_decided(row.blob(2));
      if (!decided) return fail(std::move(decided).error());
      state.last_decided = std::move(decided->leaf);
      state.upgrade_anchor = decided->upgrade_anchor;
      state.da_voted_view = static_cast<consensus::ViewNumber>(row.unsigned_integer(3));
    }
    auto da_proposals = read_payload_records<consensus::PersistDaProposal>("consensus_da_proposals",
                                                                           decode_da_proposal);
    if (!da_proposals) return fail(std::move(da_proposals).error());
    state.da_proposals = std::move(*da_proposals);
    auto vid_shares =
        read_payload_records<consensus::PersistVidShare>("consensus_vid_shares", decode_vid_share);
    if (!vid_shares) return fail(std::move(vid_shares).error());
    state.vid_shares = std::move(*vid_shares);
    // In insertion order, as the records were applied.
    auto proposals = db_->query("SELECT view, proposal FROM consensus_undecided ORDER BY seq", {});
    if (!proposals) return fail(std::move(proposals).error());
    for (const auto& row : *proposals) {
      auto proposal = decode_proposal(row.blob(1));
      if (!proposal) {
        return fail(std::move(proposal).error().context("undecided proposal of view " +
                                                        std::to_string(row.integer(0))));
      }
      if (proposal->leaf.height <= state.last_decided.height) {
        state.recent_decided.push_back(std::move(*proposal));
      } else {
        state.undecided.push_back(std::move(*proposal));
      }
    }
    std::sort(state.recent_decided.begin(), state.recent_decided.end(),
              [](const auto& a, const auto& b) { return a.leaf.height < b.leaf.height; });
    return state;
  }

  static constexpr const char* kDaTable = "consensus_da_proposals";
  static constexpr const char* kVidTable = "consensus_vid_shares";

  std::filesystem::path record_file(const std::string& table, const Hash32& commitment) const {
    return *files_ / table / (to_hex(commitment, false) + ".record");
  }

  template <typename Record>
  static std::vector<Hash32> commitments_of(const std::vector<Record>& records) {
    std::vector<Hash32> commitments;
    commitments.reserve(records.size());
    for (const auto& record : records) commitments.push_back(record.payload_commitment);
    return commitments;
  }

  // Removes the files of `table` that no kept record names: of `before` (the commitments kept
  // before an append), or, when it is empty, every file in the folder (after a restart).
  template <typename Record>
  Status remove_record_files(const std::string& table, const std::vector<Hash32>& before,
                             const std::vector<Record>& kept) {
    if (!files_) return {};
    const auto is_kept = [&](const Hash32& commitment) {
      return std::any_of(kept.begin(), kept.end(), [&](const Record& record) {
        return record.payload_commitment == commitment;
      });
    };
    std::error_code error;
    std::vector<std::filesystem::path> gone;
    if (!before.empty()) {
      for (const Hash32& commitment : before) {
        if (!is_kept(commitment)) gone.push_back(record_file(table, commitment));
      }
    } else if (std::filesystem::exists(*files_ / table, error)) {
      for (const auto& file : std::filesystem::directory_iterator(*files_ / table, error)) {
        if (file.path().extension() == ".spare") {  // a spare of the writer before the restart
          gone.push_back(file.path());
          continue;
        }
        if (file.path().extension() != ".record") continue;  // not ours
        auto commitment = parse_hex_fixed<32>(file.path().stem().string(), HexPrefix::kForbidden);
        if (commitment && is_kept(*commitment)) continue;
        gone.push_back(file.path());
      }
    }
    for (const auto& path : gone) {
      if (!before.empty()) {
        // Kept as a spare for the next record (absent: the record was in its row).
        ESEQ_TRY_STATUS(writer_.retire(path).map_error(
            [](Error e) { return std::move(e).context("consensus store"); }));
        continue;
      }
      std::filesystem::remove(path, error);  // absent: the record was in its row
      if (error)
        return fail("consensus store: cannot remove " + path.string() + ": " + error.message());
    }
    return {};
  }

  std::unique_ptr<SqlConnection> db_;
  std::optional<std::filesystem::path> files_;  // large records' folder (SQLite)
  SyncedFileWriter writer_;
  PersistedState state_;  // mirror of what is on disk, to compute the next state from
};

}  // namespace

Result<std::unique_ptr<ConsensusStore>> make_sql_consensus_store(
    std::unique_ptr<SqlConnection> db, std::optional<std::filesystem::path> files) {
  auto store = std::make_unique<SqlConsensusStore>(std::move(db), std::move(files));
  ESEQ_TRY_STATUS(store->open());
  return std::unique_ptr<ConsensusStore>(std::move(store));
}

}  // namespace espresso::storage
