#pragma once
// What the storage benchmarks share: failing loudly, a temporary folder per run, medians.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <stdlib.h>

#include "common/result.hpp"

namespace espresso::bench {

// Prints "<program>: <message>" and exits with status 1.
[[noreturn]] inline void die(const char* program, const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", program, message.c_str());
  std::exit(1);
}

template <typename T>
T must(const char* program, Result<T> result, const char* what) {
  if (!result) die(program, std::string(what) + ": " + result.error().message);
  return std::move(*result);
}

inline void must(const char* program, const Status& status, const char* what) {
  if (!status) die(program, std::string(what) + ": " + status.error().message);
}

inline double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// A fresh folder under the system's temporary directory, removed with everything in it.
class TempDir {
 public:
  explicit TempDir(const char* program) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / (std::string("eseq-") + program + "-XXXXXX"))
            .string();
    if (mkdtemp(pattern.data()) == nullptr) die(program, "cannot create a temporary folder");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string file(const char* name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace espresso::bench
