// Megabytes of DA payload per second through the SQLite consensus store, written as a DA member
// writes them under load: per view, the DA proposal's payload (synced before the DA vote), then its
// own VID share with the quorum proposal and the vote, and a decide two views back, which drops the
// decided payloads and shares. Baseline in the same process: the same bytes appended to a plain
// file with one fdatasync per batch, the floor of any durable write. Medians of 5 runs.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "storage/consensus_store.hpp"
#include "storage_bench_support.hpp"

namespace {

using namespace espresso;
using namespace espresso::consensus;

constexpr std::size_t kPayloadBytes = 1'000'000;
constexpr std::size_t kShareBytes = kPayloadBytes / 2 + 4096;  // k = 2 of 4 shares, plus proof
constexpr ViewNumber kViews = 300;                             // 450 MB: several WAL checkpoints
constexpr int kRuns = 5;

constexpr const char* kProgram = "consensus_store_bench";

[[noreturn]] void die(const std::string& message) {
  bench::die(kProgram, message);
}

Hash32 hash_of(std::uint64_t seed, std::uint8_t kind) {
  Hash32 hash{};
  for (std::size_t i = 0; i < 8; ++i) hash[i] = static_cast<std::uint8_t>(seed >> (8 * i));
  hash[31] = kind;
  return hash;
}

Leaf leaf_of(ViewNumber view) {
  return Leaf{view, view, hash_of(view, 1), hash_of(view, 2), Bytes(300, 7)};
}

Certificate qc_of(CertificateKind kind, ViewNumber view) {
  Certificate qc;
  qc.kind = kind;
  qc.view = view;
  qc.subject = hash_of(view, 3);
  qc.signers = {true, true, true, false};
  qc.aggregate = Bytes(96, 9);
  return qc;
}

QuorumProposal proposal_of(ViewNumber view) {
  QuorumProposal proposal;
  proposal.leaf = leaf_of(view);
  proposal.justify = qc_of(CertificateKind::kQuorum, view - 1);
  proposal.da = qc_of(CertificateKind::kDa, view);
  proposal.signature = Bytes(96, 0xab);
  return proposal;
}

// The batches a DA member appends in one view, in order.
std::vector<std::vector<PersistRecord>> batches_of(ViewNumber view, const Bytes& payload,
                                                   const Bytes& share) {
  const Hash32 commitment = hash_of(view, 4);
  std::vector<std::vector<PersistRecord>> batches;
  batches.push_back({PersistDaProposal{view, commitment, payload}, PersistDaVotedView{view}});
  std::vector<PersistRecord> quorum{
      PersistVidShare{view, commitment, share}, PersistProposal{proposal_of(view)},
      PersistHighQc{qc_of(CertificateKind::kQuorum, view - 1)}, PersistVotedView{view}};
  if (view > 2) quorum.push_back(PersistDecided{leaf_of(view - 2), std::nullopt});
  batches.push_back(std::move(quorum));
  return batches;
}

using bench::median;

double mb_per_s(std::chrono::steady_clock::duration elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  return static_cast<double>(kViews * kPayloadBytes) / 1e6 / seconds;
}

double store_run(const std::filesystem::path& dir, const Bytes& payload, const Bytes& share) {
  auto store = storage::make_sqlite_consensus_store((dir / "consensus.sqlite").string());
  if (!store) die(store.error().message);
  const auto start = std::chrono::steady_clock::now();
  for (ViewNumber view = 1; view <= kViews; ++view) {
    for (const auto& batch : batches_of(view, payload, share)) {
      if (auto appended = (*store)->append(batch); !appended) die(appended.error().message);
    }
  }
  return mb_per_s(std::chrono::steady_clock::now() - start);
}

double file_run(const std::filesystem::path& dir, const Bytes& payload, const Bytes& share) {
  const int fd = ::open((dir / "raw.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) die("cannot create the baseline file");
  const auto write_synced = [&](const Bytes& bytes) {
    if (::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()) ||
        ::fdatasync(fd) != 0) {
      die("baseline write failed");
    }
  };
  const auto start = std::chrono::steady_clock::now();
  for (ViewNumber view = 1; view <= kViews; ++view) {
    write_synced(payload);
    write_synced(share);
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ::close(fd);
  return mb_per_s(elapsed);
}

}  // namespace

int main() {
  const Bytes payload(kPayloadBytes, 0x5a);
  const Bytes share(kShareBytes, 0xa5);
  std::vector<double> store_rates, file_rates;
  for (int run = 0; run < kRuns; ++run) {
    const bench::TempDir dir(kProgram);
    store_rates.push_back(store_run(dir.path(), payload, share));
    file_rates.push_back(file_run(dir.path(), payload, share));
    std::printf("run %d: consensus store %.1f MB/s, synced file %.1f MB/s\n", run + 1,
                store_rates.back(), file_rates.back());
  }
  const double store = median(store_rates);
  const double file = median(file_rates);
  std::printf("bench: consensus_store_da_payload %.1f MB/s\n", store);
  std::printf("bench: synced_file_append %.1f MB/s\n", file);
  std::printf("bench: consensus_store_vs_file %.3f x\n", store / file);
  return 0;
}
