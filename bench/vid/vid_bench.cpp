// VID dispersal and recovery throughput against the raw work they are made of, in the same run:
// ISA-L encoding of the same shape plus SHA-256 over the same bytes (and, for recovery, ISA-L
// decoding). Equal stake; recovery uses the last nodes of the table, so parity shares are decoded.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <isa-l/erasure_code.h>
#include <malloc.h>
#include <openssl/sha.h>

#include "vid/dispersal.hpp"

namespace {

using namespace espresso;
using Clock = std::chrono::steady_clock;

double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// Medians of the thread's CPU time (the cost on one core, which other processes sharing the machine
// do not inflate) and of wall time.
struct Timing {
  double cpu_ms;
  double wall_ms;
};

Timing median_ms(int runs, const std::function<void()>& work) {
  std::vector<double> cpu;
  std::vector<double> wall;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    const double cpu_start = thread_cpu_ms();
    work();
    cpu.push_back(thread_cpu_ms() - cpu_start);
    wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(cpu.begin(), cpu.end());
  std::sort(wall.begin(), wall.end());
  return {cpu[cpu.size() / 2], wall[wall.size() / 2]};
}

// The raw library work of one shape: k data shards, n - k parity shards of `len` bytes.
struct RawShape {
  int k;
  int n;
  int len;
  std::vector<std::vector<unsigned char>> shards;
  std::vector<unsigned char*> pointers;

  RawShape(int k_, int n_, int len_) : k(k_), n(n_), len(len_), shards(n_), pointers(n_) {
    std::mt19937 rng(7);
    for (int i = 0; i < n; ++i) {
      shards[i].resize(len);
      for (auto& b : shards[i]) b = static_cast<unsigned char>(rng());
      pointers[i] = shards[i].data();
    }
  }

  void encode() {
    std::vector<unsigned char> matrix(static_cast<std::size_t>(n) * k);
    std::vector<unsigned char> tables(32u * k * (n - k));
    gf_gen_cauchy1_matrix(matrix.data(), n, k);
    ec_init_tables(k, n - k, matrix.data() + k * k, tables.data());
    ec_encode_data(len, k, n - k, tables.data(), pointers.data(), pointers.data() + k);
  }

  // Decodes the k data shards from shards [n - k, n).
  void decode(std::vector<unsigned char*>& out) {
    std::vector<unsigned char> matrix(static_cast<std::size_t>(n) * k);
    std::vector<unsigned char> rows(static_cast<std::size_t>(k) * k);
    std::vector<unsigned char> inverse(rows.size());
    std::vector<unsigned char> tables(32u * k * k);
    gf_gen_cauchy1_matrix(matrix.data(), n, k);
    std::memcpy(rows.data(), matrix.data() + (n - k) * k, rows.size());
    gf_invert_matrix(rows.data(), inverse.data(), k);
    ec_init_tables(k, k, inverse.data(), tables.data());
    ec_encode_data(len, k, k, tables.data(), pointers.data() + (n - k), out.data());
  }

  void hash(int first, int count) const {
    unsigned char digest[32];
    for (int i = first; i < first + count; ++i) SHA256(shards[i].data(), len, digest);
  }
};

struct Figures {
  // member_check: a DA member checking the commitment and taking its own share (disperse_to),
  // which before ran the whole disperse.
  Timing disperse, raw_disperse, member_check, recover, raw_recover;
};

Figures measure(std::size_t payload_size, std::size_t nodes, int runs) {
  Bytes payload(payload_size);
  std::mt19937_64 rng(payload_size + nodes);
  for (auto& b : payload) b = static_cast<std::uint8_t>(rng());
  const std::vector<std::uint64_t> weights(nodes, 1);

  Figures f{};
  vid::Dispersal dispersal;
  f.disperse = median_ms(runs, [&] { dispersal = vid::disperse(payload, weights).value(); });

  f.member_check = median_ms(runs, [&] {
    const std::uint32_t self = 0;
    if (vid::disperse_to(payload, weights, std::span(&self, 1)).value().commitment !=
        dispersal.commitment) {
      std::abort();
    }
  });

  const int k = dispersal.common.recovery;
  const int n = static_cast<int>(dispersal.common.total_shares());
  const int len = static_cast<int>(dispersal.common.shard_len());
  RawShape raw(k, n, len);
  f.raw_disperse = median_ms(runs, [&] {
    raw.encode();
    raw.hash(0, n);
  });

  // The last nodes holding at least k shares.
  std::vector<vid::Share> quorum;
  int held = 0;
  for (std::size_t i = nodes; i-- > 0 && held < k;) {
    quorum.push_back(dispersal.shares[i]);
    held += dispersal.shares[i].count;
  }
  f.recover = median_ms(runs, [&] {
    const auto recovered = vid::recover(dispersal.commitment, dispersal.common, quorum).value();
    if (recovered.size() != payload.size()) std::abort();
  });
  std::vector<std::vector<unsigned char>> out(k, std::vector<unsigned char>(len));
  std::vector<unsigned char*> out_pointers(k);
  for (int i = 0; i < k; ++i) out_pointers[i] = out[i].data();
  f.raw_recover = median_ms(runs, [&] {
    raw.hash(n - k, k);  // verify the received shares
    raw.decode(out_pointers);
    raw.encode();  // re-encoding check
    raw.hash(0, n);
  });
  return f;
}

}  // namespace

// `vid_bench [--default-malloc] [<MiB> <nodes>]`: without a shape runs every one.
int main(int argc, char** argv) {
  std::vector<std::size_t> sizes{1, 5};
  std::vector<std::size_t> node_counts{4, 10, 100, 200};
  bool tune_malloc = true;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args.front() == "--default-malloc") {
    tune_malloc = false;
    args.erase(args.begin());
  }
  if (args.size() == 2) {
    sizes = {std::stoul(args[0])};
    node_counts = {std::stoul(args[1])};
  }
  // A node disperses a payload every view, so its allocator settles into reusing freed buffers. By
  // default glibc returns large freed blocks to the kernel, and touching fresh pages costs ≈8 ms
  // per MiB in this VM (measured), which would swamp the work being measured; keep them instead.
  if (tune_malloc) {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
  }
  std::printf("malloc: %s\n", tune_malloc ? "freed memory kept for reuse" : "glibc defaults");
  struct Line {
    std::string name;
    double value;
    const char* unit;
  };
  std::vector<Line> lines;
  std::printf("CPU-time medians; raw = ISA-L + SHA-256 doing the same work; ratio = raw / ours\n");
  std::printf("%-10s %6s | %9s %9s %8s %6s | %9s %9s %8s %6s | %8s\n", "payload", "nodes",
              "disperse", "raw", "MB/s", "ratio", "recover", "raw", "MB/s", "ratio", "wall");
  for (const std::size_t mib : sizes) {
    for (const std::size_t nodes : node_counts) {
      const std::size_t size = mib << 20;
      const auto f = measure(size, nodes, mib == 1 ? 11 : 7);
      const double mb = static_cast<double>(size) / 1e6;
      const double disperse_rate = mb / (f.disperse.cpu_ms / 1e3);
      const double recover_rate = mb / (f.recover.cpu_ms / 1e3);
      const double disperse_ratio = f.raw_disperse.cpu_ms / f.disperse.cpu_ms;
      const double recover_ratio = f.raw_recover.cpu_ms / f.recover.cpu_ms;
      std::printf(
          "%7zuMiB %6zu | %7.2fms %7.2fms %8.1f %5.2fx | %7.2fms %7.2fms %8.1f %5.2fx | %6.1fms\n",
          mib, nodes, f.disperse.cpu_ms, f.raw_disperse.cpu_ms, disperse_rate, disperse_ratio,
          f.recover.cpu_ms, f.raw_recover.cpu_ms, recover_rate, recover_ratio, f.disperse.wall_ms);
      const std::string tag = std::to_string(mib) + "MiB_" + std::to_string(nodes) + "nodes";
      lines.push_back({"vid_disperse_" + tag, disperse_rate, "MB/s"});
      lines.push_back({"vid_disperse_ratio_" + tag, disperse_ratio, "x"});
      lines.push_back({"vid_recover_" + tag, recover_rate, "MB/s"});
      lines.push_back({"vid_recover_ratio_" + tag, recover_ratio, "x"});
      lines.push_back({"vid_member_check_" + tag, mb / (f.member_check.cpu_ms / 1e3), "MB/s"});
      lines.push_back(
          {"vid_member_check_vs_disperse_" + tag, f.disperse.cpu_ms / f.member_check.cpu_ms, "x"});
      if (mib == 5 && nodes == 100) {
        lines.push_back({"vid_disperse_cpu_time_" + tag, f.disperse.cpu_ms, "ms"});
        lines.push_back({"vid_disperse_wall_time_" + tag, f.disperse.wall_ms, "ms"});
      }
    }
  }
  for (const auto& line : lines)
    std::printf("bench: %s %.3f %s\n", line.name.c_str(), line.value, line.unit);
  return 0;
}
