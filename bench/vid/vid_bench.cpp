// VID dispersal and recovery throughput against the raw work they are made of, in the same run:
// ISA-L encoding of the same shape plus SHA-256 over the same bytes (and, for recovery, ISA-L
// decoding). Equal stake; recovery uses the last nodes of the table, so parity shares are decoded.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <isa-l/erasure_code.h>
#include <openssl/sha.h>

#include "vid/dispersal.hpp"

namespace {

using namespace espresso;
using Clock = std::chrono::steady_clock;

double median_ms(int runs, const std::function<void()>& work) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    work();
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
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
  double disperse_ms, raw_disperse_ms, recover_ms, raw_recover_ms;
};

Figures measure(std::size_t payload_size, std::size_t nodes, int runs) {
  Bytes payload(payload_size);
  std::mt19937_64 rng(payload_size + nodes);
  for (auto& b : payload) b = static_cast<std::uint8_t>(rng());
  const std::vector<std::uint64_t> weights(nodes, 1);

  Figures f{};
  vid::Dispersal dispersal;
  f.disperse_ms = median_ms(runs, [&] { dispersal = vid::disperse(payload, weights).value(); });

  const int k = dispersal.common.recovery;
  const int n = static_cast<int>(dispersal.common.total_shares());
  const int len = static_cast<int>(dispersal.common.shard_len());
  RawShape raw(k, n, len);
  f.raw_disperse_ms = median_ms(runs, [&] {
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
  f.recover_ms = median_ms(runs, [&] {
    const auto recovered = vid::recover(dispersal.commitment, dispersal.common, quorum).value();
    if (recovered.size() != payload.size()) std::abort();
  });
  std::vector<std::vector<unsigned char>> out(k, std::vector<unsigned char>(len));
  std::vector<unsigned char*> out_pointers(k);
  for (int i = 0; i < k; ++i) out_pointers[i] = out[i].data();
  f.raw_recover_ms = median_ms(runs, [&] {
    raw.hash(n - k, k);  // verify the received shares
    raw.decode(out_pointers);
    raw.encode();  // re-encoding check
    raw.hash(0, n);
  });
  return f;
}

}  // namespace

int main() {
  struct Line {
    std::string name;
    double value;
    const char* unit;
  };
  std::vector<Line> lines;
  std::printf("%-10s %6s | %10s %10s %7s | %10s %10s %7s\n", "payload", "nodes", "disperse", "MB/s",
              "ratio", "recover", "MB/s", "ratio");
  for (const std::size_t mib : {1, 5}) {
    for (const std::size_t nodes : {10, 100, 200}) {
      const std::size_t size = mib << 20;
      const auto f = measure(size, nodes, mib == 1 ? 11 : 7);
      const double mb = static_cast<double>(size) / 1e6;
      const double disperse_rate = mb / (f.disperse_ms / 1e3);
      const double recover_rate = mb / (f.recover_ms / 1e3);
      const double disperse_ratio = f.raw_disperse_ms / f.disperse_ms;
      const double recover_ratio = f.raw_recover_ms / f.recover_ms;
      std::printf("%7zuMiB %6zu | %8.2fms %10.1f %6.2fx | %8.2fms %10.1f %6.2fx\n", mib, nodes,
                  f.disperse_ms, disperse_rate, disperse_ratio, f.recover_ms, recover_rate,
                  recover_ratio);
      const std::string tag = std::to_string(mib) + "MiB_" + std::to_string(nodes) + "nodes";
      lines.push_back({"vid_disperse_" + tag, disperse_rate, "MB/s"});
      lines.push_back({"vid_disperse_ratio_" + tag, disperse_ratio, "x"});
      lines.push_back({"vid_recover_" + tag, recover_rate, "MB/s"});
      lines.push_back({"vid_recover_ratio_" + tag, recover_ratio, "x"});
      if (mib == 5 && nodes == 100)
        lines.push_back({"vid_disperse_time_" + tag, f.disperse_ms, "ms"});
    }
  }
  for (const auto& line : lines)
    std::printf("bench: %s %.3f %s\n", line.name.c_str(), line.value, line.unit);
  return 0;
}
