// CPU cost per decided block and decided blocks per second of a simulated network (every replica
// in this process, 1 ms links, no faults), with the share of CPU spent in signatures and in VID.
// Baseline in the same process: the raw signature scheme doing, per block, what a protocol without
// aggregation would: every node signs a vote and every node checks each of the n votes of the QC
// on its own (n signs + n^2 single verifications; measured on n of each, scaled).
//
// Two configurations: "fake" (keyed SHA-256 signatures, whole-payload VID) and "bls" (real
// BLS12-381 through crypto/ and real VID through vid/: Reed-Solomon with ISA-L, Merkle proofs).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <vector>

#include "consensus/bls_signatures.hpp"
#include "consensus/fake_signatures.hpp"
#include "consensus/messages.hpp"
#include "sim/simulation.hpp"

namespace {

using namespace espresso::sim;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Figure {
  double ms_per_block = 0;
  double blocks_per_s = 0;
  double crypto_share = 0;
  double vid_share = 0;
};

Figure measure(std::size_t nodes, bool bls, std::uint64_t blocks, int runs) {
  std::vector<Figure> figures;
  for (int run = 0; run < runs; ++run) {
    ScheduleOptions options;
    options.seed = 1000 + static_cast<std::uint64_t>(run);
    options.nodes = nodes;
    options.faults = 0;
    options.views = blocks;
    options.bls = bls;
    options.real_vid = bls;
    options.timed = true;
    options.fast_network = true;
    const double start = cpu_seconds();
    const ScheduleResult result = run_schedule(options);
    const double seconds = cpu_seconds() - start;
    if (result.violation) {
      std::fprintf(stderr, "violation: %s\n", result.violation->c_str());
      std::exit(1);
    }
    const double decided = static_cast<double>(result.decided_blocks);
    figures.push_back({1e3 * seconds / decided, decided / seconds,
                       1e-9 * static_cast<double>(result.crypto_ns) / seconds,
                       1e-9 * static_cast<double>(result.vid_ns) / seconds});
  }
  std::sort(figures.begin(), figures.end(),
            [](const Figure& a, const Figure& b) { return a.ms_per_block < b.ms_per_block; });
  return figures[figures.size() / 2];  // median
}

// CPU ms for n signatures and n^2 single verifications with the raw scheme (median of 3).
double naive_crypto_ms(std::size_t nodes, bool bls) {
  using namespace espresso;
  using namespace espresso::consensus;
  std::vector<std::unique_ptr<Signer>> signers;
  std::unique_ptr<SignatureVerifier> verifier;
  FakeKeys fake(1, nodes);
  std::optional<StakeTableKeys> keys;
  if (bls) {
    std::vector<StakeTableEntry> entries;
    for (std::size_t i = 0; i < nodes; ++i) {
      const auto secret = BlsSecretKey::from_seed(KeySeed{1}, i);
      entries.push_back({secret.public_key(), 1, secret.prove_possession()});
      signers.push_back(make_bls_signer(static_cast<NodeIndex>(i), secret));
    }
    keys.emplace(*StakeTableKeys::create(entries));
    verifier = make_bls_verifier(*keys);
  } else {
    for (std::size_t i = 0; i < nodes; ++i)
      signers.push_back(fake.signer(static_cast<NodeIndex>(i)));
    verifier = fake.verifier();
  }
  std::vector<double> runs;
  for (int run = 0; run < 3; ++run) {
    const Hash32 digest = vote_digest(CertificateKind::kQuorum, 7 + run, Commitment{});
    const double start = cpu_seconds();
    std::vector<Signature> signatures;
    for (std::size_t i = 0; i < nodes; ++i) signatures.push_back(signers[i]->sign(digest));
    const double signed_at = cpu_seconds();
    std::size_t ok = 0;
    for (std::size_t i = 0; i < nodes; ++i) {
      ok += verifier->verify(static_cast<NodeIndex>(i), digest, signatures[i]) ? 1 : 0;
    }
    const double verified_at = cpu_seconds();
    runs.push_back(1e3 *
                   ((signed_at - start) + static_cast<double>(nodes) * (verified_at - signed_at)));
    if (ok != nodes) std::exit(1);
  }
  std::sort(runs.begin(), runs.end());
  return runs[1];
}

}  // namespace

int main() {
  struct Line {
    std::string name;
    Figure figure;
    double naive_ms;
  };
  std::vector<Line> lines;
  for (bool bls : {false, true}) {
    for (std::size_t nodes : {4, 10, 100}) {
      const std::uint64_t blocks = nodes == 100 ? (bls ? 3 : 10) : (bls ? 10 : 50);
      const Figure f = measure(nodes, bls, blocks, bls && nodes == 100 ? 1 : 3);
      const std::string name = std::string(bls ? "bls" : "fake") + "_" + std::to_string(nodes);
      std::printf(
          "%-9s %9.3f ms CPU/block  %9.1f blocks/s  crypto %4.1f%%  vid %4.1f%%  rest %4.1f%%\n",
          name.c_str(), f.ms_per_block, f.blocks_per_s, 100 * f.crypto_share, 100 * f.vid_share,
          100 * (1 - f.crypto_share - f.vid_share));
      const double naive = naive_crypto_ms(nodes, bls);
      std::printf("%-9s baseline without aggregation: %.3f ms of signature work per block\n",
                  name.c_str(), naive);
      lines.push_back({name, f, naive});
    }
  }
  for (const auto& [name, f, naive] : lines) {
    std::printf("bench: consensus_%s_cpu_per_block %.3f ms\n", name.c_str(), f.ms_per_block);
    std::printf("bench: consensus_%s_blocks_per_s %.1f blocks/s\n", name.c_str(), f.blocks_per_s);
    std::printf("bench: consensus_%s_crypto_share %.3f x\n", name.c_str(), f.crypto_share);
    std::printf("bench: consensus_%s_vid_share %.3f x\n", name.c_str(), f.vid_share);
    std::printf("bench: consensus_%s_unaggregated_crypto_vs_total_cpu %.2f x\n", name.c_str(),
                naive / f.ms_per_block);
  }
  return 0;
}
