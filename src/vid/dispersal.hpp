#pragma once
// VID (AVID-M style): erasure-code a block payload into shares spread over the nodes by stake,
// commit to them with a Merkle tree, and recover the payload from any set of nodes above the
// threshold.

#include <cstdint>
#include <span>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "vid/share_assignment.hpp"
#include "vid/types.hpp"

namespace espresso::vid {

// weights: stake per node in stake-table order. The namespace table is not an input: namespace
// proofs use the payload chunk tree, which covers every byte range (namespace_proof.hpp).
Result<Dispersal> disperse(ByteView payload, std::span<const std::uint64_t> weights,
                           const VidConfig& config = {});

// The same dispersal with only the shares of `nodes`, in that order. A leader sends shares only to
// the nodes outside the DA committee; a DA member holds the whole payload, so it checks the
// leader's commitment and takes its own share in one encoding; with no nodes, just the commitment
// and the common part.
Result<Dispersal> disperse_to(ByteView payload, std::span<const std::uint64_t> weights,
                              std::span<const std::uint32_t> nodes, const VidConfig& config = {});

// Checks that the common part assigns shares by `weights` as disperse() would: a leader must not
// give itself (or anyone) more shares, or pick a smaller k, than the stake table says. Consensus
// runs it once per proposal, with the stake table of the proposal's epoch.
Status verify_assignment(const Common& common, std::span<const std::uint64_t> weights,
                         const VidConfig& config = {});

// Checks that `share` is node `node`'s share of the dispersal committed to by `commitment`.
Status verify_share(const Hash32& commitment, const Common& common, const Share& share,
                    std::uint32_t node);

// Rebuilds the payload from shares (any order, invalid ones are skipped) once they hold k valid
// distinct shares, then re-encodes it and checks the result hashes to `commitment`: a disperser who
// committed to shares that are not one codeword is reported as an inconsistent dispersal.
Result<Bytes> recover(const Hash32& commitment, const Common& common,
                      std::span<const Share> shares);

}  // namespace espresso::vid
