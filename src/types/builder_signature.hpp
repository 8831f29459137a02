#pragma once
// The builder's secp256k1 signature over its fee (ethers `Signature` as upstream headers carry it)
// and its check against the fee account.
//
// Signed message (hotshot-types traits/signature_key.rs, `aggregate_fee_data`):
//   fee amount as u64 big-endian ‖ namespace table bytes, hashed as an EIP-191 personal message.

#include <cstdint>

#include <nlohmann/json_fwd.hpp>

#include "common/address.hpp"
#include "common/result.hpp"
#include "common/u256.hpp"
#include "types/ns_table.hpp"

namespace espresso {

class EthPrivateKey;

struct BuilderSignature {
  U256 r = 0;
  U256 s = 0;
  std::uint64_t v = 27;

  friend bool operator==(const BuilderSignature&, const BuilderSignature&) = default;
};

// {"r": "0x<hex>", "s": "0x<hex>", "v": <u64>}
Result<BuilderSignature> builder_signature_from_json(const nlohmann::json& json);
nlohmann::json to_json(const BuilderSignature& signature);

// The bytes the builder signs. Fails when the amount does not fit 64 bits (upstream cannot sign
// it).
Result<Bytes> builder_fee_message(const U256& fee_amount, const NsTable& ns_table);

// The address whose key made `signature` over builder_fee_message.
Result<Address> recover_builder_fee_signer(const BuilderSignature& signature,
                                           const U256& fee_amount, const NsTable& ns_table);

// Ok when the signature over builder_fee_message recovers to `fee_account`; otherwise says why.
Status verify_builder_fee_signature(const BuilderSignature& signature, const Address& fee_account,
                                    const U256& fee_amount, const NsTable& ns_table);

// What a builder does: sign builder_fee_message with EIP-191.
Result<BuilderSignature> sign_builder_fee(const EthPrivateKey& key, const U256& fee_amount,
                                          const NsTable& ns_table);

}  // namespace espresso
