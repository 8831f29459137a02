#include "node/runtime/peer_directory.hpp"

namespace espresso {

std::optional<consensus::NodeIndex> PeerDirectory::index_of(const BlsPublicKey& key) const {
  auto index = keys_->index_of(key);
  if (!index) return std::nullopt;
  return static_cast<consensus::NodeIndex>(*index);
}

}  // namespace espresso
