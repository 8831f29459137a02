#include "storage/transaction_hash_runs.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace espresso::storage {
namespace {

constexpr std::string_view kEntryInsert =
    "INSERT INTO transaction_hashes (run, commitment, height, position)";

enum RunState : std::uint64_t { kSearched = 0, kBuilding = 1, kDeleting = 2 };

// "(?, ?, ...)" for `count` parameters.
std::string placeholders(std::size_t count) {
  std::string text = "(";
  for (std::size_t i = 0; i < count; ++i) text += i == 0 ? "?" : ", ?";
  return text + ")";
}

Result<std::vector<std::uint64_t>> select_runs(SqlConnection& db, std::string_view sql,
                                               std::span<const SqlParam> params) {
  auto rows = db.query(sql, params);
  if (!rows) return fail(std::move(rows).error());
  std::vector<std::uint64_t> runs;
  runs.reserve(rows->size());
  for (const auto& row : *rows) runs.push_back(row.unsigned_integer(0));
  return runs;
}

// Higher than every run id in use, also ids of entries whose run row is gone.
Result<std::uint64_t> next_run_id(SqlConnection& db) {
  auto rows = db.query(
      "SELECT coalesce(max(run), 0) + 1 FROM (SELECT max(run) AS run FROM transaction_hash_runs "
      "UNION ALL SELECT max(run) AS run FROM transaction_hashes) AS used",
      {});
  if (!rows) return fail(std::move(rows).error());
  return rows->front().unsigned_integer(0);
}

bool entry_less(const TransactionHashEntry& a, const TransactionHashEntry& b) {
  if (std::ranges::lexicographical_compare(a.commitment, b.commitment)) return true;
  if (std::ranges::lexicographical_compare(b.commitment, a.commitment)) return false;
  return a.height != b.height ? a.height < b.height : a.position < b.position;
}

std::uint64_t chunks_for(std::uint64_t entries, std::uint64_t chunk_entries) {
  return std::max<std::uint64_t>(1, (entries + chunk_entries - 1) / chunk_entries);
}

// Chunk `index` of `count`: the commitments whose first 8 bytes (big-endian) fall in the
// index-th of `count` equal slices, as " AND commitment >= ? AND commitment < ?" (open ends left
// out) and the bounds for it. Commitments are hashes, so slices hold about equal shares.
class ChunkSlice {
 public:
  ChunkSlice(std::uint64_t index, std::uint64_t count) {
    for (std::uint64_t bound : {index, index + 1}) {
      if (bound == 0 || bound >= count) continue;
      const std::uint64_t prefix = bound * (std::numeric_limits<std::uint64_t>::max() / count);
      Hash32& key = bound == index ? low_.emplace() : high_.emplace();
      for (std::size_t i = 0; i < 8; ++i)
        key[i] = static_cast<std::uint8_t>(prefix >> (56 - 8 * i));
    }
  }
  std::string condition() const {
    return std::string(low_ ? " AND commitment >= ?" : "") + (high_ ? " AND commitment < ?" : "");
  }
  void append_params(std::vector<SqlParam>& params) const {
    if (low_) params.push_back(sql_blob(*low_));
    if (high_) params.push_back(sql_blob(*high_));
  }

 private:
  std::optional<Hash32> low_;
  std::optional<Hash32> high_;
};

// Hands the searched runs matching `where` (with `params` after the policy's) to the chunked
// deletion: state 2, its chunk count from the run's size.
Status hand_to_deletion(SqlConnection& db, const HashRunPolicy& policy, std::string_view where,
                        std::span<const SqlParam> params) {
  std::vector<SqlParam> all{sql_int(kDeleting), sql_int(policy.chunk_entries),
                            sql_int(policy.chunk_entries)};
  all.insert(all.end(), params.begin(), params.end());
  return db.run(
      "UPDATE transaction_hash_runs SET state = ?, done = 0, chunks = (entries + ? - 1) / ?, "
      "merge_into = NULL WHERE " +
          std::string(where),
      all);
}

struct RunRow {
  std::uint64_t run = 0;
  std::uint64_t level = 0;
  std::uint64_t entries = 0;
  std::uint64_t min_height = 0;
  std::uint64_t max_height = 0;
  std::uint64_t done = 0;
  std::uint64_t chunks = 0;
};

Result<std::optional<RunRow>> first_run_in_state(SqlConnection& db, RunState state) {
  const SqlParam key[] = {sql_int(state)};
  auto rows = db.query(
      "SELECT run, level, entries, min_height, max_height, done, chunks FROM "
      "transaction_hash_runs WHERE state = ? ORDER BY run LIMIT 1",
      key);
  if (!rows) return fail(std::move(rows).error());
  if (rows->empty()) return std::optional<RunRow>{};
  const SqlRow& row = rows->front();
  return std::optional(RunRow{row.unsigned_integer(0), row.unsigned_integer(1),
                              row.unsigned_integer(2), row.unsigned_integer(3),
                              row.unsigned_integer(4), row.unsigned_integer(5),
                              row.unsigned_integer(6)});
}

// Copies the next chunk of the merge building `target` from its sources, in key order; the last
// chunk makes the target searched and hands the sources to deletion.
Status copy_chunk(SqlConnection& db, const HashRunPolicy& policy, RunRow target) {
  const SqlParam target_key[] = {sql_int(target.run)};
  auto sources = select_runs(
      db, "SELECT run FROM transaction_hash_runs WHERE merge_into = ? ORDER BY run", target_key);
  if (!sources) return fail(std::move(sources).error());
  auto pruned = db.query("SELECT height FROM pruned_height WHERE id = 1", {});
  if (!pruned) return fail(std::move(pruned).error());
  const std::uint64_t lowest_kept = pruned->empty() ? 0 : pruned->front().unsigned_integer(0) + 1;
  const ChunkSlice slice(target.done, target.chunks);

  if (!sources->empty()) {
    std::vector<SqlParam> params{sql_int(target.run)};
    for (std::uint64_t run : *sources) params.push_back(sql_int(run));
    params.push_back(sql_int(lowest_kept));
    slice.append_params(params);
    ESEQ_TRY_STATUS(db.run(std::string(kEntryInsert) +
                               " SELECT ?, commitment, height, position FROM transaction_hashes "
                               "WHERE run IN " +
                               placeholders(sources->size()) + " AND height >= ?" +
                               slice.condition() + " ORDER BY commitment, height, position",
                           params));
    std::vector<SqlParam> stats_params{sql_int(target.run)};
    slice.append_params(stats_params);
    auto stats = db.query(
        "SELECT count(*), coalesce(min(height), 0), coalesce(max(height), 0) FROM "
        "transaction_hashes WHERE run = ?" +
            slice.condition(),
        stats_params);
    if (!stats) return fail(std::move(stats).error());
    if (const std::uint64_t copied = stats->front().unsigned_integer(0); copied > 0) {
      const std::uint64_t low = stats->front().unsigned_integer(1);
      const std::uint64_t high = stats->front().unsigned_integer(2);
      target.min_height = target.entries == 0 ? low : std::min(target.min_height, low);
      target.max_height = target.entries == 0 ? high : std::max(target.max_height, high);
      target.entries += copied;
    }
  }
  ++target.done;
  const bool finished = target.done >= target.chunks || sources->empty();
  const SqlParam row[] = {sql_int(finished ? kSearched : kBuilding),
                          sql_int(target.entries),
                          sql_int(target.min_height),
                          sql_int(target.max_height),
                          sql_int(target.done),
                          sql_int(target.run)};
  ESEQ_TRY_STATUS(db.run(
      "UPDATE transaction_hash_runs SET state = ?, entries = ?, min_height = ?, max_height = ?, "
      "done = ? WHERE run = ?",
      row));
  if (!finished) return {};
  ESEQ_TRY_STATUS(hand_to_deletion(db, policy, "merge_into = ?", target_key));
  // Everything in the sources was pruned: nothing to search.
  if (target.entries == 0) {
    return db.run("DELETE FROM transaction_hash_runs WHERE run = ?", target_key);
  }
  return {};
}

// Deletes the next chunk of a run being deleted; the last one removes its row.
Status delete_chunk(SqlConnection& db, const RunRow& run) {
  const ChunkSlice slice(run.done, std::max<std::uint64_t>(run.chunks, 1));
  std::vector<SqlParam> params{sql_int(run.run)};
  slice.append_params(params);
  ESEQ_TRY_STATUS(
      db.run("DELETE FROM transaction_hashes WHERE run = ?" + slice.condition(), params));
  const SqlParam key[] = {sql_int(run.run)};
  if (run.done + 1 >= run.chunks) {
    return db.run("DELETE FROM transaction_hash_runs WHERE run = ?", key);
  }
  return db.run("UPDATE transaction_hash_runs SET done = done + 1 WHERE run = ?", key);
}

// Starts a merge of the oldest fan_in searched runs of `level` that no merge is copying yet.
Status start_merge(SqlConnection& db, const HashRunPolicy& policy, std::uint64_t level) {
  const SqlParam select[] = {sql_int(kSearched), sql_int(level), sql_int(policy.fan_in)};
  auto rows = db.query(
      "SELECT run, entries FROM transaction_hash_runs WHERE state = ? AND level = ? AND "
      "merge_into IS NULL ORDER BY run LIMIT ?",
      select);
  if (!rows) return fail(std::move(rows).error());
  if (rows->size() < policy.fan_in) return {};
  auto target = next_run_id(db);
  if (!target) return fail(std::move(target).error());
  std::uint64_t entries = 0;
  std::vector<SqlParam> sources{sql_int(*target)};
  for (const auto& row : *rows) {
    entries += row.unsigned_integer(1);
    sources.push_back(sql_int(row.unsigned_integer(0)));
  }
  RunRow building{*target, level + 1, 0, 0, 0, 0, chunks_for(entries, policy.chunk_entries)};
  const SqlParam insert[] = {sql_int(building.run), sql_int(building.level), sql_int(kBuilding),
                             sql_int(building.chunks)};
  ESEQ_TRY_STATUS(
      db.run("INSERT INTO transaction_hash_runs (run, level, entries, min_height, max_height, "
             "state, done, chunks) VALUES (?, ?, 0, 0, 0, ?, 0, ?)",
             insert));
  ESEQ_TRY_STATUS(db.run(
      "UPDATE transaction_hash_runs SET merge_into = ? WHERE run IN " + placeholders(rows->size()),
      sources));
  return copy_chunk(db, policy, building);
}

// A lookup gives up re-reading a run list that keeps changing after this many tries, and answers
// with its last result.
constexpr int kLookupAttempts = 4;

Result<std::vector<std::uint64_t>> searched_runs(SqlConnection& db) {
  const SqlParam searched[] = {sql_int(kSearched)};
  return select_runs(db, "SELECT run FROM transaction_hash_runs WHERE state = ? ORDER BY run",
                     searched);
}

// The lowest (height, position) of `commitment` in `runs` whose transaction row exists.
Result<std::optional<TransactionLocation>> find_in(SqlConnection& db,
                                                   std::span<const std::uint64_t> runs,
                                                   const Hash32& commitment) {
  if (runs.empty()) return std::optional<TransactionLocation>{};
  std::vector<SqlParam> params;
  params.reserve(runs.size() + 1);
  for (std::uint64_t run : runs) params.push_back(sql_int(run));
  params.push_back(sql_blob(commitment));
  // One seek per run: the runs are the leading key column.
  auto rows = db.query(
      "SELECT t.height, t.position, t.namespace_id, b.block_hash FROM transaction_hashes h "
      "JOIN transactions t ON t.height = h.height AND t.position = h.position "
      "JOIN blocks b ON b.height = t.height WHERE h.run IN " +
          placeholders(runs.size()) + " AND h.commitment = ? ORDER BY h.height, h.position LIMIT 1",
      params);
  if (!rows) return fail(std::move(rows).error());
  if (rows->empty()) return std::optional<TransactionLocation>{};
  const SqlRow& row = rows->front();
  auto hash = row.hash(3, "block hash");
  if (!hash) return fail(std::move(hash).error());
  return std::optional(TransactionLocation{row.unsigned_integer(0), row.unsigned_integer(1),
                                           row.unsigned_integer(2), *hash});
}

}  // namespace

Status TransactionHashRuns::append(SqlConnection& db,
                                   std::span<const TransactionHashEntry> entries) const {
  if (entries.empty()) return {};
  std::vector<TransactionHashEntry> sorted(entries.begin(), entries.end());
  std::ranges::sort(sorted, entry_less);
  const auto [low, high] = std::ranges::minmax(sorted, {}, &TransactionHashEntry::height);

  std::uint64_t run = 0;
  std::uint64_t count = sorted.size();
  std::uint64_t min_height = low.height;
  std::uint64_t max_height = high.height;
  bool fresh = true;
  if (sorted.size() < policy_.seal_entries) {
    const SqlParam open_key[] = {sql_int(kSearched)};
    auto open = db.query(
        "SELECT run, entries, min_height, max_height FROM transaction_hash_runs WHERE level = 0 "
        "AND state = ? ORDER BY run LIMIT 1",
        open_key);
    if (!open) return fail(std::move(open).error());
    if (!open->empty()) {
      const SqlRow& row = open->front();
      run = row.unsigned_integer(0);
      count += row.unsigned_integer(1);
      min_height = std::min(min_height, row.unsigned_integer(2));
      max_height = std::max(max_height, row.unsigned_integer(3));
      fresh = false;
    }
  }
  if (fresh) {
    auto id = next_run_id(db);
    if (!id) return fail(std::move(id).error());
    run = *id;
  }
  const std::uint64_t level = count >= policy_.seal_entries ? 1 : 0;
  const SqlParam row[] = {sql_int(level), sql_int(count), sql_int(min_height), sql_int(max_height),
                          sql_int(run)};
  ESEQ_TRY_STATUS(db.run(fresh ? "INSERT INTO transaction_hash_runs (level, entries, min_height, "
                                 "max_height, run) VALUES (?, ?, ?, ?, ?)"
                               : "UPDATE transaction_hash_runs SET level = ?, entries = ?, "
                                 "min_height = ?, max_height = ? WHERE run = ?",
                         row));

  std::vector<SqlParam> rows;
  rows.reserve(4 * sorted.size());
  for (const auto& entry : sorted) {
    rows.insert(rows.end(), {sql_int(run), sql_blob(entry.commitment), sql_int(entry.height),
                             sql_int(entry.position)});
  }
  return db.insert_rows(kEntryInsert, 4, rows);
}

Result<bool> TransactionHashRuns::compact_step(SqlConnection& db) const {
  bool stepped = false;
  auto step = db.transaction([&]() -> Status {
    auto building = first_run_in_state(db, kBuilding);
    if (!building) return fail(std::move(building).error());
    if (*building) {
      stepped = true;
      return copy_chunk(db, policy_, **building);
    }
    auto deleting = first_run_in_state(db, kDeleting);
    if (!deleting) return fail(std::move(deleting).error());
    if (*deleting) {
      stepped = true;
      return delete_chunk(db, **deleting);
    }
    const SqlParam bounds[] = {sql_int(kSearched), sql_int(policy_.top_level),
                               sql_int(policy_.fan_in)};
    auto full = db.query(
        "SELECT level FROM transaction_hash_runs WHERE state = ? AND level >= 1 AND level < ? "
        "GROUP BY level HAVING count(*) >= ? ORDER BY level LIMIT 1",
        bounds);
    if (!full) return fail(std::move(full).error());
    if (full->empty()) return {};
    stepped = true;
    return start_merge(db, policy_, full->front().unsigned_integer(0));
  });
  if (!step) return fail(std::move(step).error().context("transaction index upkeep"));
  return stepped;
}

Result<std::optional<TransactionLocation>> TransactionHashRuns::find(
    SqlConnection& db, const Hash32& commitment) const {
  // The run list and the lookup are two statements, so two snapshots: a merge may finish and
  // delete a chunk of its sources in between. The list is read again after the lookup, which is
  // redone when it changed.
  auto runs = searched_runs(db);
  if (!runs) return fail(std::move(runs).error());
  for (int attempt = 1;; ++attempt) {
    auto found = find_in(db, *runs, commitment);
    if (!found) return found;
    auto again = searched_runs(db);
    if (!again) return fail(std::move(again).error());
    if (*again == *runs || attempt == kLookupAttempts) return found;
    runs = std::move(again);
  }
}

Status TransactionHashRuns::prune(SqlConnection& db, std::uint64_t through) const {
  // Runs a merge is copying stay: the merge hands them to deletion when it ends.
  const SqlParam params[] = {sql_int(kSearched), sql_int(through)};
  return hand_to_deletion(db, policy_, "state = ? AND merge_into IS NULL AND max_height <= ?",
                          params);
}

}  // namespace espresso::storage
