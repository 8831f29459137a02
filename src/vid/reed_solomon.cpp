#include "vid/reed_solomon.hpp"

#include <cstring>
#include <string>
#include <vector>

#include <isa-l/erasure_code.h>

#include "common/check.hpp"

namespace espresso::vid {
namespace {

// ISA-L's matrices and tables are plain bytes; its API takes non-const pointers it only reads.
std::vector<unsigned char> cauchy_matrix(unsigned k, unsigned n) {
  std::vector<unsigned char> matrix(static_cast<std::size_t>(n) * k);
  gf_gen_cauchy1_matrix(matrix.data(), static_cast<int>(n), static_cast<int>(k));
  return matrix;
}

void encode_rows(std::size_t len, unsigned k, unsigned rows, unsigned char* coefficients,
                 std::span<const std::uint8_t* const> inputs, std::uint8_t* const* outputs) {
  if (rows == 0 || len == 0) return;
  std::vector<unsigned char> tables(32u * k * rows);
  ec_init_tables(static_cast<int>(k), static_cast<int>(rows), coefficients, tables.data());
  ec_encode_data(static_cast<int>(len), static_cast<int>(k), static_cast<int>(rows), tables.data(),
                 const_cast<unsigned char**>(inputs.data()), const_cast<unsigned char**>(outputs));
}

}  // namespace

void rs_encode(unsigned k, unsigned n, std::size_t len, std::span<const std::uint8_t* const> data,
               std::span<std::uint8_t* const> parity) {
  ESEQ_CHECK(k >= 1 && k <= n && n <= 255, "Reed-Solomon shape out of range");
  ESEQ_CHECK(data.size() == k && parity.size() == n - k, "Reed-Solomon shard count");
  ESEQ_CHECK(len <= static_cast<std::size_t>(INT32_MAX), "Reed-Solomon shard too large");
  auto matrix = cauchy_matrix(k, n);
  encode_rows(len, k, n - k, matrix.data() + static_cast<std::size_t>(k) * k, data, parity.data());
}

Status rs_reconstruct(unsigned k, unsigned n, std::size_t len, std::span<const unsigned> indices,
                      std::span<const std::uint8_t* const> shards,
                      std::span<std::uint8_t* const> data_out) {
  ESEQ_CHECK(k >= 1 && k <= n && n <= 255, "Reed-Solomon shape out of range");
  ESEQ_CHECK(indices.size() == k && shards.size() == k && data_out.size() == k,
             "Reed-Solomon shard count");
  ESEQ_CHECK(len <= static_cast<std::size_t>(INT32_MAX), "Reed-Solomon shard too large");
  const auto matrix = cauchy_matrix(k, n);
  std::vector<unsigned char> rows(static_cast<std::size_t>(k) * k);
  std::vector<bool> have(k, false);
  for (unsigned i = 0; i < k; ++i) {
    if (indices[i] >= n)
      return fail("Reed-Solomon: shard index " + std::to_string(indices[i]) + " ≥ " +
                  std::to_string(n));
    std::memcpy(&rows[static_cast<std::size_t>(i) * k],
                &matrix[static_cast<std::size_t>(indices[i]) * k], k);
    if (indices[i] < k) {
      if (have[indices[i]])
        return fail("Reed-Solomon: shard " + std::to_string(indices[i]) + " given twice");
      have[indices[i]] = true;
    }
  }
  std::vector<unsigned char> inverse(rows.size());
  if (gf_invert_matrix(rows.data(), inverse.data(), static_cast<int>(k)) != 0) {
    return fail("Reed-Solomon: the given shards are not independent (repeated index?)");
  }
  // Data shards present among the inputs are copied; only the missing ones are decoded.
  std::vector<unsigned char> missing_rows;
  std::vector<std::uint8_t*> missing_out;
  for (unsigned i = 0; i < k; ++i) {
    if (indices[i] < k && len > 0) std::memcpy(data_out[indices[i]], shards[i], len);
  }
  for (unsigned j = 0; j < k; ++j) {
    if (have[j]) continue;
    missing_rows.insert(missing_rows.end(), &inverse[static_cast<std::size_t>(j) * k],
                        &inverse[static_cast<std::size_t>(j) * k] + k);
    missing_out.push_back(data_out[j]);
  }
  encode_rows(len, k, static_cast<unsigned>(missing_out.size()), missing_rows.data(), shards,
              missing_out.data());
  return {};
}

}  // namespace espresso::vid
