#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/hex.hpp"
#include "storage/blob_files.hpp"
#include "storage/consensus_test_records.hpp"
#include "storage/test_backends.hpp"

namespace espresso::storage {
namespace {

using consensus::CertificateKind;
using consensus::PersistDecided;
using consensus::PersistedState;
using consensus::PersistHighQc;
using consensus::PersistProposal;
using consensus::PersistRecord;
using consensus::PersistVotedView;

// Records for views 1..n: a proposal, a vote, a new high QC each view; every third view decides
// the leaf two views back.
std::vector<PersistRecord> records_of_view(consensus::ViewNumber view) {
  std::vector<PersistRecord> records{
      PersistProposal{testing::make_proposal(view, view)},
      PersistHighQc{testing::make_qc(CertificateKind::kQuorum, view)},
      PersistVotedView{view},
      consensus::PersistDaProposal{
          testing::make_da_proposal(view, static_cast<std::uint8_t>(view))},
      consensus::PersistDaVotedView{view},
      consensus::PersistVidShare{testing::make_vid_share(view, static_cast<std::uint8_t>(view))},
  };
  // The share of the previous view's payload, used again (an empty payload is reused this way).
  if (view > 1) {
    records.push_back(consensus::PersistVidShare{
        testing::make_vid_share(view, static_cast<std::uint8_t>(view - 1))});
  }
  if (view % 3 == 0) {
    records.push_back(PersistDecided{testing::make_leaf(view - 2, view - 2), view - 2});
  }
  return records;
}

PersistedState expected_after(consensus::ViewNumber last_view) {
  PersistedState state;
  for (consensus::ViewNumber view = 1; view <= last_view; ++view) {
    for (const auto& record : records_of_view(view)) state.apply(record);
  }
  return state;
}

void expect_state(const PersistedState& actual, const PersistedState& expected) {
  EXPECT_EQ(actual.last_voted_view, expected.last_voted_view);
  EXPECT_EQ(actual.high_qc, expected.high_qc);
  EXPECT_EQ(actual.last_decided, expected.last_decided);
  EXPECT_EQ(actual.upgrade_anchor, expected.upgrade_anchor);
  ASSERT_EQ(actual.undecided.size(), expected.undecided.size());
  for (std::size_t i = 0; i < actual.undecided.size(); ++i) {
    EXPECT_EQ(actual.undecided[i].leaf, expected.undecided[i].leaf);
    EXPECT_EQ(actual.undecided[i].signature, expected.undecided[i].signature);
  }
  ASSERT_EQ(actual.recent_decided.size(), expected.recent_decided.size());
  for (std::size_t i = 0; i < actual.recent_decided.size(); ++i) {
    EXPECT_EQ(actual.recent_decided[i].leaf, expected.recent_decided[i].leaf);
  }
  EXPECT_EQ(actual.da_voted_view, expected.da_voted_view);
  ASSERT_EQ(actual.da_proposals.size(), expected.da_proposals.size());
  for (std::size_t i = 0; i < actual.da_proposals.size(); ++i) {
    EXPECT_EQ(actual.da_proposals[i].view, expected.da_proposals[i].view);
    EXPECT_EQ(actual.da_proposals[i].payload_commitment,
              expected.da_proposals[i].payload_commitment);
    EXPECT_EQ(actual.da_proposals[i].payload, expected.da_proposals[i].payload);
  }
  ASSERT_EQ(actual.vid_shares.size(), expected.vid_shares.size());
  for (std::size_t i = 0; i < actual.vid_shares.size(); ++i) {
    EXPECT_EQ(actual.vid_shares[i].view, expected.vid_shares[i].view);
    EXPECT_EQ(actual.vid_shares[i].payload_commitment, expected.vid_shares[i].payload_commitment);
    EXPECT_EQ(actual.vid_shares[i].share, expected.vid_shares[i].share);
  }
}

// A chain of proposals (each leaf's parent is the one before), plus a fork at every height.
std::vector<consensus::QuorumProposal> chain_of(std::uint64_t length, bool fork) {
  std::vector<consensus::QuorumProposal> chain;
  consensus::Commitment parent = consensus::genesis_leaf().commitment();
  for (std::uint64_t height = 1; height <= length; ++height) {
    auto p = testing::make_proposal(height, height);
    p.leaf.parent = parent;
    if (fork) p.leaf.header.push_back(0xf0);  // a different leaf at the same height
    parent = p.leaf.commitment();
    chain.push_back(std::move(p));
  }
  return chain;
}

class ConsensusStoreTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    if (!db_.available()) GTEST_SKIP() << testing::kNoPostgres;
  }
  std::unique_ptr<ConsensusStore> open_store() {
    auto store = db_.consensus_store();
    EXPECT_TRUE(store) << store.error().message;
    return store ? std::move(*store) : nullptr;
  }
  testing::TestDatabase db_{GetParam()};
};

TEST_P(ConsensusStoreTest, FreshStoreLoadsGenesis) {
  auto store = open_store();
  ASSERT_TRUE(store);
  auto state = store->load();
  ASSERT_TRUE(state) << state.error().message;
  expect_state(*state, PersistedState{});
}

TEST_P(ConsensusStoreTest, ReopenedStoreHasEveryRecord) {
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    for (consensus::ViewNumber view = 1; view <= 10; ++view) {
      ASSERT_TRUE(store->append(records_of_view(view)));
    }
  }
  auto store = open_store();
  ASSERT_TRUE(store);
  auto state = store->load();
  ASSERT_TRUE(state) << state.error().message;
  const PersistedState expected = expected_after(10);
  EXPECT_EQ(expected.last_decided.height, 7u);
  EXPECT_EQ(expected.undecided.size(), 3u);  // heights 8, 9, 10
  EXPECT_EQ(expected.da_voted_view, 10u);
  EXPECT_EQ(expected.da_proposals.size(), 3u);  // views 8, 9, 10
  // Payloads 7 (reused at view 8), 8 (at 9), 9 (at 10) and 10; decided view is 7.
  EXPECT_EQ(expected.vid_shares.size(), 4u);
  expect_state(*state, expected);
}

TEST_P(ConsensusStoreTest, StaleRecordsDoNotRegress) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append(records_of_view(9)));
  const std::vector<PersistRecord> stale{
      PersistVotedView{4}, PersistHighQc{testing::make_qc(CertificateKind::kQuorum, 3)},
      PersistDecided{testing::make_leaf(2, 2), std::nullopt},
      PersistProposal{testing::make_proposal(5, 5)}};  // at or below the decided height: dropped
  ASSERT_TRUE(store->append(stale));
  auto state = store->load();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->last_voted_view, 9u);
  EXPECT_EQ(state->high_qc.view, 9u);
  EXPECT_EQ(state->last_decided.height, 7u);
  ASSERT_EQ(state->undecided.size(), 1u);
  EXPECT_EQ(state->undecided[0].leaf.view, 9u);
}

TEST_P(ConsensusStoreTest, RepeatedProposalIsStoredOnce) {
  auto store = open_store();
  ASSERT_TRUE(store);
  const std::vector<PersistRecord> twice{PersistProposal{testing::make_proposal(5, 5)},
                                         PersistProposal{testing::make_proposal(5, 5)}};
  ASSERT_TRUE(store->append(twice));
  auto state = store->load();
  ASSERT_TRUE(state);
  ASSERT_EQ(state->undecided.size(), 1u);
  EXPECT_EQ(state->undecided[0].leaf, testing::make_leaf(5, 5));
}

// A child process appends and then exits without closing the database (no destructors, WAL not
// checkpointed): everything append() returned for must be there.
TEST_P(ConsensusStoreTest, SurvivesExitWithoutShutdown) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto store = db_.consensus_store();
    if (!store) _exit(2);
    for (consensus::ViewNumber view = 1; view <= 12; ++view) {
      if (!(*store)->append(records_of_view(view))) _exit(3);
    }
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  auto store = open_store();
  ASSERT_TRUE(store);
  auto state = store->load();
  ASSERT_TRUE(state) << state.error().message;
  expect_state(*state, expected_after(12));
}

// kill -9 in the middle of a stream of appends: the reopened store holds at least every view the
// child acknowledged, and a state that is exactly some prefix of the stream.
TEST_P(ConsensusStoreTest, SurvivesKillNine) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    auto store = db_.consensus_store();
    if (!store) _exit(2);
    for (consensus::ViewNumber view = 1;; ++view) {
      if (!(*store)->append(records_of_view(view))) _exit(3);
      if (write(pipe_fds[1], &view, sizeof view) != sizeof view) _exit(4);
    }
  }
  close(pipe_fds[1]);
  consensus::ViewNumber acknowledged = 0;
  while (acknowledged < 30) {
    ASSERT_EQ(read(pipe_fds[0], &acknowledged, sizeof acknowledged),
              static_cast<ssize_t>(sizeof acknowledged));
  }
  kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  consensus::ViewNumber late = 0;  // acknowledged after our last read, before the kill
  while (read(pipe_fds[0], &late, sizeof late) == static_cast<ssize_t>(sizeof late)) {
    acknowledged = late;
  }
  close(pipe_fds[0]);

  auto store = open_store();
  ASSERT_TRUE(store);
  auto state = store->load();
  ASSERT_TRUE(state) << state.error().message;
  ASSERT_GE(state->last_voted_view, acknowledged);
  expect_state(*state, expected_after(state->last_voted_view));
}

TEST_P(ConsensusStoreTest, CorruptBlobIsAClearError) {
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->append(records_of_view(4)));
  }
  {
    auto db = db_.connection();
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(
        (*db)->execute("UPDATE consensus_undecided SET proposal = substr(proposal, 1, 20)"));
  }
  auto store = db_.consensus_store();
  ASSERT_FALSE(store);
  const std::string& message = store.error().message;
  EXPECT_NE(message.find(db_.location()), std::string::npos) << message;
  EXPECT_NE(message.find("undecided proposal of view 4"), std::string::npos) << message;
  EXPECT_NE(message.find("stored proposal (20 bytes)"), std::string::npos) << message;
}

TEST_P(ConsensusStoreTest, CorruptStateRowIsAClearError) {
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->append(records_of_view(1)));
  }
  {
    auto db = db_.connection();
    ASSERT_TRUE(db) << db.error().message;
    const Bytes two_bytes{0x01, 0xff};
    const SqlParam value[] = {sql_blob(two_bytes)};
    ASSERT_TRUE((*db)->run("UPDATE consensus_state SET high_qc = ?", value));
  }
  auto store = db_.consensus_store();
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("stored certificate (2 bytes)"), std::string::npos)
      << store.error().message;
}

// A restarted replica must still answer lagging peers' requests for recently decided proposals:
// the store keeps the decided chain's last kKeptDecidedHeights proposals and drops forks.
TEST_P(ConsensusStoreTest, KeepsRecentDecidedChainAndDropsForks) {
  constexpr std::uint64_t kLength = consensus::kKeptDecidedHeights + 20;
  const auto chain = chain_of(kLength, false);
  const auto forks = chain_of(kLength, true);
  PersistedState expected;
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    for (std::uint64_t i = 0; i < kLength; ++i) {
      std::vector<PersistRecord> batch{PersistProposal{chain[i]}, PersistProposal{forks[i]}};
      if (i >= 2) batch.push_back(PersistDecided{chain[i - 2].leaf, std::nullopt});
      for (const auto& record : batch) expected.apply(record);
      ASSERT_TRUE(store->append(batch));
    }
  }
  ASSERT_EQ(expected.last_decided.height, kLength - 2);
  ASSERT_EQ(expected.recent_decided.size(), consensus::kKeptDecidedHeights);
  EXPECT_EQ(expected.recent_decided.back().leaf, chain[kLength - 3].leaf);
  EXPECT_EQ(expected.recent_decided.front().leaf,
            chain[kLength - 2 - consensus::kKeptDecidedHeights].leaf);
  EXPECT_EQ(expected.undecided.size(), 4u);  // heights kLength - 1 and kLength, each with a fork
  auto store = open_store();
  ASSERT_TRUE(store);
  auto state = store->load();
  ASSERT_TRUE(state) << state.error().message;
  expect_state(*state, expected);
}

// Records of kBlobFileThreshold bytes and more: in files next to a SQLite database, which go with
// their rows (and, after a restart, when no row names them); in the row on PostgreSQL.
TEST_P(ConsensusStoreTest, LargeRecordsLiveInFilesThatGoWithTheirRows) {
  const auto large_records_of_view = [](consensus::ViewNumber view) {
    auto records = records_of_view(view);
    for (auto& record : records) {
      if (auto* da = std::get_if<consensus::PersistDaProposal>(&record)) {
        da->payload.resize(kBlobFileThreshold + view, static_cast<std::uint8_t>(view));
      }
      if (auto* share = std::get_if<consensus::PersistVidShare>(&record)) {
        share->share.resize(kBlobFileThreshold, 0x77);
      }
    }
    return records;
  };
  PersistedState expected;
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    for (consensus::ViewNumber view = 1; view <= 10; ++view) {
      const auto records = large_records_of_view(view);
      for (const auto& record : records) expected.apply(record);
      ASSERT_TRUE(store->append(records));
    }
  }
  ASSERT_EQ(expected.da_proposals.size(), 3u);
  const bool files = GetParam() == testing::Backend::kSqlite;
  const std::filesystem::path dir = db_.sqlite_path() + ".blobs";
  // Files of decided records become spares for the next ones (SyncedFileWriter::retire), which
  // a restart removes.
  const auto count = [](const std::filesystem::path& folder, const char* extension = ".record") {
    std::error_code ignored;
    long found = 0;
    for (const auto& file : std::filesystem::directory_iterator(folder, ignored)) {
      found += file.path().extension() == extension ? 1 : 0;
    }
    return found;
  };
  const std::filesystem::path stray =
      dir / "consensus_da_proposals" / (to_hex(testing::filled_hash(200), false) + ".record");
  if (files) {
    EXPECT_EQ(count(dir / "consensus_da_proposals"), 3);
    EXPECT_EQ(count(dir / "consensus_vid_shares"), static_cast<long>(expected.vid_shares.size()));
    std::ofstream(stray) << "left by an append that never committed";
  }
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    auto state = store->load();
    ASSERT_TRUE(state) << state.error().message;
    expect_state(*state, expected);
  }
  if (!files) return;
  EXPECT_FALSE(std::filesystem::exists(stray));
  EXPECT_EQ(count(dir / "consensus_da_proposals"), 3);
  EXPECT_EQ(count(dir / "consensus_da_proposals", ".spare"), 0);
  EXPECT_EQ(count(dir / "consensus_vid_shares", ".spare"), 0);
  // A damaged file fails the load with the table's name, instead of giving a wrong record.
  const auto first = dir / "consensus_da_proposals" /
                     (to_hex(expected.da_proposals.front().payload_commitment, false) + ".record");
  std::filesystem::resize_file(first, 10);
  auto reopened = db_.consensus_store();
  ASSERT_FALSE(reopened);
  EXPECT_NE(reopened.error().message.find("consensus_da_proposals"), std::string::npos)
      << reopened.error().message;
}

INSTANTIATE_TEST_SUITE_P(Backends, ConsensusStoreTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::backend_name);

}  // namespace
}  // namespace espresso::storage
