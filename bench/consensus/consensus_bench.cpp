// CPU cost per decided block and decided blocks per second of a simulated network (every replica
// in this process, 1 ms links, no faults), with the share of CPU spent in signatures and in VID.
// Baseline in the same process: the raw signature scheme doing one sign + one verify per vote.
//
// Crypto: the fast fake scheme (keyed SHA-256) and real BLS12-381 (blst via crypto/). VID: the
// fake whole-payload scheme (the real vid/ is not wired into consensus yet).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

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

}  // namespace

int main() {
  struct Line {
    std::string name;
    Figure figure;
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
      lines.push_back({name, f});
    }
  }
  for (const auto& [name, f] : lines) {
    std::printf("bench: consensus_%s_cpu_per_block %.3f ms\n", name.c_str(), f.ms_per_block);
    std::printf("bench: consensus_%s_blocks_per_s %.1f blocks/s\n", name.c_str(), f.blocks_per_s);
    std::printf("bench: consensus_%s_crypto_share %.3f x\n", name.c_str(), f.crypto_share);
    std::printf("bench: consensus_%s_vid_share %.3f x\n", name.c_str(), f.vid_share);
  }
  return 0;
}
