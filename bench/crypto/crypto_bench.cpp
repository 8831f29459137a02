// BLS12-381 through this project's crypto layer against calling blst directly for the same work,
// and Keccak-256 against OpenSSL's SHA3-256,
// measured in the same process with runs of the two interleaved:
//   sign:   BlsSecretKey::sign             vs P2::hash_to + sign_with + to_affine
//   verify: BlsPublicKey::verify           vs P2_Affine::core_verify (blst's one-call verify)
//   aggregate-verify of N signers on one message, signature already aggregated:
//           SignatureSet::verify (bitmap, weight threshold, key sum, one pairing)
//           vs P1::add of the N affine keys + core_verify
//   keccak256 of 1 MiB (Crypto++, what every transaction commitment costs per byte) vs OpenSSL's
//           SHA3-256 of the same MiB: the same Keccak-f[1600] sponge and rate, other padding.
// Figures are medians over runs of thread CPU time (the cost on one core, which other processes on
// the machine do not inflate). Ratio = blst time / our time: 1.0 means no overhead, above 1 faster.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include "common/hash.hpp"
#include "crypto/bls.hpp"
#include "crypto/signature_set.hpp"

namespace {

using namespace espresso;

double thread_cpu_us() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

struct Comparison {
  double ours_us;
  double blst_us;
  double ratio() const { return blst_us / ours_us; }
};

// Per-operation medians of `runs` batches of `batch` operations each, ours and blst alternating.
Comparison compare(int runs, int batch, const std::function<void()>& ours,
                   const std::function<void()>& raw) {
  std::vector<double> ours_times;
  std::vector<double> raw_times;
  ours();  // warm up caches
  raw();
  for (int run = 0; run < runs; ++run) {
    for (int side = 0; side < 2; ++side) {
      const bool ours_first = run % 2 == 0;
      const bool measure_ours = (side == 0) == ours_first;
      const double start = thread_cpu_us();
      for (int i = 0; i < batch; ++i) measure_ours ? ours() : raw();
      const double per_op = (thread_cpu_us() - start) / batch;
      (measure_ours ? ours_times : raw_times).push_back(per_op);
    }
  }
  return {median(ours_times), median(raw_times)};
}

volatile bool g_sink = false;  // keeps results observable so no work is optimized away

struct Figure {
  std::string name;
  Comparison result;
};

}  // namespace

int main() {
  const std::string dst(kBlsSignatureDst);
  const Bytes message = to_bytes(as_bytes("quorum certificate: view 123456, leaf commitment ..."));
  KeySeed seed{};
  seed[0] = 1;
  const auto secret = BlsSecretKey::from_seed(seed, 0);
  const auto public_key = secret.public_key();
  const auto signature = secret.sign(message);

  // The same key and signature as blst values.
  blst::SecretKey raw_secret;
  const auto secret_bytes = secret.to_bytes();
  raw_secret.from_bendian(secret_bytes.data());
  const auto key_bytes = public_key.to_bytes();
  const auto signature_bytes = signature.to_bytes();
  const blst::P1_Affine raw_key(key_bytes.data(), key_bytes.size());
  const blst::P2_Affine raw_signature(signature_bytes.data(), signature_bytes.size());

  std::vector<Figure> figures;
  figures.push_back(
      {"bls_sign", compare(
                       9, 20,
                       [&] {
                         const auto s = secret.sign(message);
                         g_sink = s.point().is_inf();
                       },
                       [&] {
                         blst::P2 point;
                         point.hash_to(message.data(), message.size(), dst)->sign_with(raw_secret);
                         const blst::P2_Affine s(point);
                         g_sink = s.is_inf();
                       })});
  figures.push_back(
      {"bls_verify", compare(
                         9, 10, [&] { g_sink = public_key.verify(message, signature); },
                         [&] {
                           g_sink =
                               raw_signature.core_verify(raw_key, true, message.data(),
                                                         message.size(), dst) == blst::BLST_SUCCESS;
                         })});

  for (int signers : {10, 100, 200}) {
    std::vector<StakeTableEntry> entries;
    std::vector<BlsVote> votes;
    std::vector<blst::P1_Affine> raw_keys;
    for (int i = 0; i < signers; ++i) {
      const auto member = BlsSecretKey::from_seed(seed, static_cast<std::uint64_t>(i) + 1);
      entries.push_back({member.public_key(), 1000, member.prove_possession()});
      votes.push_back({static_cast<std::size_t>(i), member.sign(message)});
      raw_keys.push_back(member.public_key().point());
    }
    const auto table = StakeTableKeys::create(entries).value();
    const auto set = SignatureSet::from_votes(entries.size(), votes).value();
    const blst::P2_Affine raw_aggregate = set.aggregate().point();
    const U256 threshold = table.quorum_threshold();
    figures.push_back(
        {"bls_aggregate_verify_" + std::to_string(signers),
         compare(
             9, 10, [&] { g_sink = static_cast<bool>(set.verify(table, message, threshold)); },
             [&] {
               blst::P1 sum(raw_keys.front());
               for (std::size_t i = 1; i < raw_keys.size(); ++i) sum.add(raw_keys[i]);
               const blst::P1_Affine key(sum);
               g_sink = raw_aggregate.core_verify(key, true, message.data(), message.size(), dst) ==
                        blst::BLST_SUCCESS;
             })});
  }

  const Bytes mebibyte(1 << 20, 0x5a);
  figures.push_back({"keccak256_1mib", compare(
                                           9, 5, [&] { g_sink = keccak256(mebibyte)[0] == 0; },
                                           [&] {
                                             unsigned char digest[32];
                                             unsigned int length = 0;
                                             EVP_Digest(mebibyte.data(), mebibyte.size(), digest,
                                                        &length, EVP_sha3_256(), nullptr);
                                             g_sink = digest[0] == 0;
                                           })});

  std::printf("%-28s %12s %12s %8s\n", "operation", "ours (us)", "base (us)", "ratio");
  for (const auto& figure : figures) {
    std::printf("%-28s %12.1f %12.1f %8.3f\n", figure.name.c_str(), figure.result.ours_us,
                figure.result.blst_us, figure.result.ratio());
  }
  for (const auto& figure : figures) {
    std::printf("bench: %s_us %.1f us\n", figure.name.c_str(), figure.result.ours_us);
    std::printf("bench: %s_ratio %.3f x\n", figure.name.c_str(), figure.result.ratio());
  }
  return 0;
}
