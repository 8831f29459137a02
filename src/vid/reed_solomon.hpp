#pragma once
// Systematic Reed-Solomon over GF(2^8) with ISA-L's Cauchy matrix: of n shards, 0..k-1 are the data
// itself and k..n-1 parity; any k distinct shards determine the data (every k×k submatrix of a
// Cauchy generator is invertible, unlike gf_gen_rs_matrix's Vandermonde form).

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/result.hpp"

namespace espresso::vid {

// Writes the n - k parity shards of `len` bytes each from the k data shards.
void rs_encode(unsigned k, unsigned n, std::size_t len, std::span<const std::uint8_t* const> data,
               std::span<std::uint8_t* const> parity);

// Rebuilds the k data shards from k distinct shards: shards[i] is shard number indices[i].
Status rs_reconstruct(unsigned k, unsigned n, std::size_t len, std::span<const unsigned> indices,
                      std::span<const std::uint8_t* const> shards,
                      std::span<std::uint8_t* const> data_out);

}  // namespace espresso::vid
