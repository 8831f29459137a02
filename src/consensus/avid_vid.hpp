#pragma once
// Consensus's VidScheme over the real dispersal of vid/ (Reed-Solomon with ISA-L, Merkle
// commitments, stake-weighted share assignment). A node's share travels as
// u32 LE length of the encoded Common | encoded Common | encoded Share (vid/codec.hpp).

#include <memory>
#include <vector>

#include "consensus/block_interfaces.hpp"

namespace espresso::consensus {

// `weights` in stake-table order; shares are assigned in proportion to them.
std::unique_ptr<VidScheme> make_avid_vid(std::vector<std::uint64_t> weights);

}  // namespace espresso::consensus
