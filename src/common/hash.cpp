#include "common/hash.hpp"

#include <cryptopp/keccak.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "common/check.hpp"

namespace espresso {

struct Keccak256::State {
  CryptoPP::Keccak_256 hasher;
};

Keccak256::Keccak256() : state_(std::make_unique<State>()) {}
Keccak256::~Keccak256() = default;
Keccak256::Keccak256(Keccak256&&) noexcept = default;
Keccak256& Keccak256::operator=(Keccak256&&) noexcept = default;

Keccak256& Keccak256::update(ByteView data) {
  state_->hasher.Update(data.data(), data.size());
  return *this;
}

Hash32 Keccak256::finalize() {
  Hash32 out{};
  state_->hasher.Final(out.data());
  return out;
}

struct Sha256::State {
  struct Free {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  };
  std::unique_ptr<EVP_MD_CTX, Free> ctx{EVP_MD_CTX_new()};
  State() { reset(); }
  void reset() {
    ESEQ_CHECK(EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1, "SHA-256 init");
  }
};

Sha256::Sha256() : state_(std::make_unique<State>()) {}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

Sha256& Sha256::update(ByteView data) {
  EVP_DigestUpdate(state_->ctx.get(), data.data(), data.size());
  return *this;
}

Hash32 Sha256::finalize() {
  Hash32 out{};
  unsigned int size = 0;
  EVP_DigestFinal_ex(state_->ctx.get(), out.data(), &size);
  state_->reset();
  return out;
}

Hash32 keccak256(ByteView data) {
  return Keccak256().update(data).finalize();
}

Hash32 sha256(ByteView data) {
  Hash32 out{};
  SHA256(data.data(), data.size(), out.data());
  return out;
}

}  // namespace espresso
