// Fuzz target for the crypto layer's decoders of untrusted bytes and text. The first byte picks the
// decoder; the rest is its input. Whatever decodes must re-encode to the same bytes (encodings are
// canonical, so a signature or key has exactly one accepted form).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/check.hpp"
#include "crypto/bls.hpp"
#include "crypto/ethereum.hpp"
#include "crypto/key_encoding.hpp"
#include "crypto/key_file.hpp"
#include "crypto/schnorr.hpp"
#include "crypto/signature_set.hpp"

namespace {

using namespace espresso;

template <typename Array>
bool same(const Array& encoded, ByteView input) {
  return equal_bytes(ByteView(encoded.data(), encoded.size()), input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const ByteView input(data + 1, size - 1);
  const std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  switch (data[0] % 10) {
    case 0:
      if (auto key = BlsPublicKey::from_bytes(input))
        ESEQ_CHECK(same(key->to_bytes(), input), "fuzz property");
      break;
    case 1:
      if (auto sig = BlsSignature::from_bytes(input))
        ESEQ_CHECK(same(sig->to_bytes(), input), "fuzz property");
      break;
    case 2:
      if (auto key = BlsSecretKey::from_bytes(input))
        ESEQ_CHECK(same(key->to_bytes(), input), "fuzz property");
      break;
    case 3:
      if (auto set = SignatureSet::decode(input))
        ESEQ_CHECK(equal_bytes(set->encode(), input), "fuzz property");
      break;
    case 4:
      (void)parse_key_file(text, "fuzz");
      break;
    case 5:
      if (auto sig = EthSignature::from_bytes(input)) (void)recover_address(Hash32{}, *sig);
      break;
    case 6:
      if (auto key = SchnorrPublicKey::from_bytes(input))
        ESEQ_CHECK(same(key->to_bytes(), input), "fuzz property");
      break;
    case 7:
      (void)parse_bls_public_key(text);
      (void)parse_schnorr_secret_key(text);
      break;
    case 8:
    case 9: {
      // A valid key or signature with one byte changed: random bytes almost never reach the
      // curve and subgroup checks, these do.
      if (input.size() < 2) break;
      KeySeed seed{};
      seed[0] = input[0];
      const auto secret = BlsSecretKey::from_seed(seed, 0);
      Bytes encoded = data[0] % 10 == 8 ? to_bytes(secret.public_key().to_bytes())
                                        : to_bytes(secret.sign(as_bytes("m")).to_bytes());
      encoded[input[1] % encoded.size()] ^=
          static_cast<std::uint8_t>(input.size() > 2 ? input[2] : 1);
      if (data[0] % 10 == 8) {
        if (auto key = BlsPublicKey::from_bytes(encoded))
          ESEQ_CHECK(same(key->to_bytes(), encoded), "fuzz property");
      } else if (auto sig = BlsSignature::from_bytes(encoded)) {
        ESEQ_CHECK(same(sig->to_bytes(), encoded), "fuzz property");
      }
      break;
    }
  }
  return 0;
}
