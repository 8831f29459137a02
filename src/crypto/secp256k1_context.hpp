#pragma once
// Owns one libsecp256k1 context (SECP256K1_CONTEXT_NONE, randomized for side-channel blinding).
// Each key object holds its own: there is no global context and no shared mutable state.

struct secp256k1_context_struct;

namespace espresso {

class Secp256k1Context {
 public:
  Secp256k1Context();
  ~Secp256k1Context();
  Secp256k1Context(const Secp256k1Context& other);
  Secp256k1Context& operator=(const Secp256k1Context& other);
  Secp256k1Context(Secp256k1Context&& other) noexcept;
  Secp256k1Context& operator=(Secp256k1Context&& other) noexcept;

  const secp256k1_context_struct* get() const { return context_; }

 private:
  secp256k1_context_struct* context_;
};

}  // namespace espresso
