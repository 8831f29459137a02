#pragma once
// Keccak-256 (Ethereum's, via Crypto++) and SHA-256 (OpenSSL), one-shot and incremental.

#include <memory>

#include "common/bytes.hpp"

namespace espresso {

Hash32 keccak256(ByteView data);
Hash32 sha256(ByteView data);

// Incremental Keccak-256, for commitments built from many fields.
class Keccak256 {
 public:
  Keccak256();
  ~Keccak256();
  Keccak256(Keccak256&&) noexcept;
  Keccak256& operator=(Keccak256&&) noexcept;

  Keccak256& update(ByteView data);
  Hash32 finalize();  // resets the hasher for reuse

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  Sha256& update(ByteView data);
  Hash32 finalize();  // resets the hasher for reuse

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace espresso
