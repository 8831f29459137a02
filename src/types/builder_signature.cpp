#include "types/builder_signature.hpp"

#include <limits>

#include <nlohmann/json.hpp>

#include "crypto/ethereum.hpp"
#include "types/json_fields.hpp"

namespace espresso {

using namespace json_fields;

namespace {

Result<U256> u256_field(const nlohmann::json& json, std::string_view key) {
  auto field = member(json, key);
  if (!field) return fail(std::move(field).error().context("builder_signature"));
  auto value = as_u256_hex(**field);
  if (!value)
    return fail(std::move(value).error().context("builder_signature: " + std::string(key)));
  return value;
}

// ethers' `normalize_recovery_id`: 0/1 raw, 27/28 legacy, 35+ EIP-155.
Result<std::uint8_t> legacy_v(std::uint64_t v) {
  if (v == 0 || v == 1) return static_cast<std::uint8_t>(27 + v);
  if (v == 27 || v == 28) return static_cast<std::uint8_t>(v);
  if (v >= 35) return static_cast<std::uint8_t>(27 + (v - 35) % 2);
  return fail("invalid signature recovery value v = " + std::to_string(v));
}

}  // namespace

Result<BuilderSignature> builder_signature_from_json(const nlohmann::json& json) {
  auto r = u256_field(json, "r");
  if (!r) return fail(std::move(r).error());
  auto s = u256_field(json, "s");
  if (!s) return fail(std::move(s).error());
  auto v_field = member(json, "v");
  if (!v_field) return fail(std::move(v_field).error().context("builder_signature"));
  auto v = as_u64(**v_field);
  if (!v) return fail(std::move(v).error().context("builder_signature: v"));
  return BuilderSignature{*r, *s, *v};
}

nlohmann::json to_json(const BuilderSignature& signature) {
  return {{"r", u256_to_hex(signature.r)}, {"s", u256_to_hex(signature.s)}, {"v", signature.v}};
}

Result<Bytes> builder_fee_message(const U256& fee_amount, const NsTable& ns_table) {
  if (fee_amount > std::numeric_limits<std::uint64_t>::max()) {
    return fail("builder fee " + to_decimal(fee_amount) + " does not fit 64 bits");
  }
  auto amount = static_cast<std::uint64_t>(fee_amount);
  Bytes message;
  message.reserve(8 + ns_table.bytes().size());
  for (int i = 7; i >= 0; --i) message.push_back(static_cast<std::uint8_t>(amount >> (8 * i)));
  append(message, ns_table.bytes());
  return message;
}

Result<Address> recover_builder_fee_signer(const BuilderSignature& signature,
                                           const U256& fee_amount, const NsTable& ns_table) {
  auto message = builder_fee_message(fee_amount, ns_table);
  if (!message) return fail(std::move(message).error());
  auto v = legacy_v(signature.v);
  if (!v) return fail(std::move(v).error());
  EthSignature eth{to_be_bytes(signature.r), to_be_bytes(signature.s), *v};
  auto signer = recover_address(eip191_hash(*message), eth);
  if (!signer) return fail(std::move(signer).error().context("builder signature"));
  return Address(*signer);
}

Status verify_builder_fee_signature(const BuilderSignature& signature, const Address& fee_account,
                                    const U256& fee_amount, const NsTable& ns_table) {
  auto signer = recover_builder_fee_signer(signature, fee_amount, ns_table);
  if (!signer) return fail(std::move(signer).error());
  if (*signer != fee_account) {
    return fail("builder signature is by " + signer->to_hex() + ", not by fee account " +
                fee_account.to_hex());
  }
  return {};
}

Result<BuilderSignature> sign_builder_fee(const EthPrivateKey& key, const U256& fee_amount,
                                          const NsTable& ns_table) {
  auto message = builder_fee_message(fee_amount, ns_table);
  if (!message) return fail(std::move(message).error());
  EthSignature eth = key.sign_message(*message);
  return BuilderSignature{from_be_bytes(eth.r), from_be_bytes(eth.s), eth.v};
}

}  // namespace espresso
