#pragma once
// A certificate's signatures: a bitmap of signers over the stake table plus one aggregate BLS
// signature on a single message. Verification sums the signers' (already checked) keys with plain
// point addition, compares the signers' total weight with a threshold and does ONE pairing check.

#include <cstddef>
#include <span>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "common/u256.hpp"
#include "crypto/bls.hpp"
#include "crypto/stake_table_keys.hpp"

namespace espresso {

// One signer's signature, by the signer's index in the stake table.
struct BlsVote {
  std::size_t signer;
  BlsSignature signature;
};

class SignatureSet {
 public:
  // Aggregates votes into a set over a table of `table_size` keys. Fails on no votes, a signer
  // index out of range or a signer that voted twice. Does not verify the votes (see
  // find_invalid_votes).
  static Result<SignatureSet> from_votes(std::size_t table_size, std::span<const BlsVote> votes);

  // Ok when the bitmap matches the table's size, the signers' total weight is at least
  // `threshold`, and the aggregate signature verifies on `message` under the signers' keys.
  Status verify(const StakeTableKeys& table, ByteView message, const U256& threshold) const;

  // Total weight of the signers (the bitmap must match the table's size).
  U256 signer_weight(const StakeTableKeys& table) const;

  const std::vector<bool>& signers() const { return signers_; }
  std::size_t signer_count() const;
  const BlsSignature& aggregate() const { return aggregate_; }

  // Layout (little-endian): u32 bitmap length in bits, ceil(bits / 8) bitmap bytes (signer i is
  // bit i % 8 of byte i / 8; unused high bits zero), then the 96-byte compressed aggregate.
  Bytes encode() const;
  // Rejects truncated or trailing bytes, nonzero padding bits, an empty signer set and a bad point.
  static Result<SignatureSet> decode(ByteView bytes);

  friend bool operator==(const SignatureSet&, const SignatureSet&) = default;

 private:
  SignatureSet(std::vector<bool> signers, BlsSignature aggregate)
      : signers_(std::move(signers)), aggregate_(aggregate) {}
  std::vector<bool> signers_;
  BlsSignature aggregate_;
};

// The indices (into `votes`) of votes whose signature does not verify on `message` under their
// signer's key, or whose signer is not in the table: the per-signature fallback for when an
// aggregate fails and the culprits must be found.
std::vector<std::size_t> find_invalid_votes(const StakeTableKeys& table, ByteView message,
                                            std::span<const BlsVote> votes);

}  // namespace espresso
