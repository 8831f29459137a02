#pragma once
// Generators and helpers shared by the VID tests.

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include <rapidcheck.h>

#include "common/bytes.hpp"
#include "vid/types.hpp"

namespace espresso::vid::testing {

inline rc::Gen<Bytes> payload_gen(std::size_t max_size = 20000) {
  return rc::gen::mapcat(rc::gen::inRange<std::size_t>(0, max_size + 1), [](std::size_t size) {
    return rc::gen::container<Bytes>(size, rc::gen::arbitrary<std::uint8_t>());
  });
}

inline rc::Gen<std::vector<std::uint64_t>> weights_gen(std::size_t max_nodes = 20) {
  return rc::gen::suchThat(rc::gen::mapcat(rc::gen::inRange<std::size_t>(1, max_nodes + 1),
                                           [](std::size_t n) {
                                             return rc::gen::container<std::vector<std::uint64_t>>(
                                                 n, rc::gen::inRange<std::uint64_t>(0, 100));
                                           }),
                           [](const std::vector<std::uint64_t>& w) {
                             return std::accumulate(w.begin(), w.end(), std::uint64_t{0}) > 0;
                           });
}

// A random permutation of `items`, drawn from RapidCheck's seed so failures replay.
template <typename T>
std::vector<T> shuffled(std::vector<T> items) {
  std::mt19937_64 rng(*rc::gen::arbitrary<std::uint64_t>());
  std::shuffle(items.begin(), items.end(), rng);
  return items;
}

}  // namespace espresso::vid::testing
