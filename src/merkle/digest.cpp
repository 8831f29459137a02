#include "merkle/digest.hpp"

#include <cryptopp/sha3.h>

namespace espresso {

Hash32 sha3_256(ByteView data) {
  CryptoPP::SHA3_256 hasher;
  hasher.Update(data.data(), data.size());
  Hash32 out{};
  hasher.Final(out.data());
  return out;
}

Hash32 merkle_leaf_digest(ByteView element_bytes) {
  return sha3_256(element_bytes);
}

Hash32 merkle_node_digest(std::span<const Hash32> children) {
  CryptoPP::SHA3_256 hasher;
  for (const Hash32& child : children) hasher.Update(child.data(), child.size());
  Hash32 out{};
  hasher.Final(out.data());
  return out;
}

}  // namespace espresso
