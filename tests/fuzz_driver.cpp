// Runs a libFuzzer-style target without libFuzzer: seeded random inputs of varied sizes, plus
// byte-level mutations of each input file given on the command line. It checks what a fuzzer
// checks: the target neither crashes nor trips a sanitizer (build with -DESEQ_SANITIZE=ON for the
// latter).

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void mutate(std::vector<std::uint8_t>& input, std::mt19937_64& rng) {
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    if (input.empty() || rng() % 4 == 0) {
      input.insert(input.begin() + static_cast<long>(input.empty() ? 0 : rng() % input.size()),
                   static_cast<std::uint8_t>(rng()));
    } else if (rng() % 3 == 0) {
      input.erase(input.begin() + static_cast<long>(rng() % input.size()));
    } else {
      input[rng() % input.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  long runs = 10000;
  unsigned long seed = 1;
  std::vector<std::string> corpus;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) {
      runs = std::strtol(argv[++i], nullptr, 10);
    } else if (arg == "--seed" && i + 1 < argc) {
      seed = std::strtoul(argv[++i], nullptr, 10);
    } else {
      corpus.push_back(arg);
    }
  }
  std::mt19937_64 rng(seed);
  long executed = 0;
  for (const auto& path : corpus) {
    const auto original = read_file(path);
    LLVMFuzzerTestOneInput(original.data(), original.size());
    ++executed;
    for (long r = 0; r < runs / static_cast<long>(corpus.size() + 1); ++r) {
      auto input = original;
      mutate(input, rng);
      LLVMFuzzerTestOneInput(input.data(), input.size());
      ++executed;
    }
  }
  for (long r = 0; r < runs; ++r) {
    const std::size_t size = rng() % 4 == 0 ? rng() % 4096 : rng() % 128;
    std::vector<std::uint8_t> input(size);
    for (auto& b : input) b = static_cast<std::uint8_t>(rng());
    LLVMFuzzerTestOneInput(input.data(), input.size());
    ++executed;
  }
  std::printf("fuzz driver: %ld inputs, seed %lu, no crash\n", executed, seed);
  return 0;
}
