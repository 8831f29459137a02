#include "crypto/secp256k1_context.hpp"

#include <utility>

#include <openssl/rand.h>
#include <secp256k1.h>

#include "common/bytes.hpp"
#include "common/check.hpp"

namespace espresso {

Secp256k1Context::Secp256k1Context() : context_(secp256k1_context_create(SECP256K1_CONTEXT_NONE)) {
  ESEQ_CHECK(context_ != nullptr, "secp256k1_context_create failed");
  ByteArray<32> seed{};
  ESEQ_CHECK(RAND_bytes(seed.data(), static_cast<int>(seed.size())) == 1,
             "OpenSSL RAND_bytes failed");
  ESEQ_CHECK(secp256k1_context_randomize(context_, seed.data()) == 1,
             "secp256k1_context_randomize failed");
}

Secp256k1Context::~Secp256k1Context() {
  if (context_ != nullptr) secp256k1_context_destroy(context_);
}

Secp256k1Context::Secp256k1Context(const Secp256k1Context& other)
    : context_(secp256k1_context_clone(other.context_)) {
  ESEQ_CHECK(context_ != nullptr, "secp256k1_context_clone failed");
}

Secp256k1Context& Secp256k1Context::operator=(const Secp256k1Context& other) {
  if (this != &other) *this = Secp256k1Context(other);
  return *this;
}

Secp256k1Context::Secp256k1Context(Secp256k1Context&& other) noexcept
    : context_(std::exchange(other.context_, nullptr)) {}

Secp256k1Context& Secp256k1Context::operator=(Secp256k1Context&& other) noexcept {
  std::swap(context_, other.context_);
  return *this;
}

}  // namespace espresso
