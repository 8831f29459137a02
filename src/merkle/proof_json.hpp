#pragma once
// JSON forms of the Merkle proofs that the catchup and availability APIs serve. Digests, roots and
// proofs are TaggedBase64 strings as upstream shows them (MERKLE_COMM~, MERKLE_PROOF~, BLOCK~);
// addresses are 0x-hex; balances are "0x"-prefixed hex as upstream's U256 (decimal is also read).
//   fee account:  {"account": "0x..", "balance": "0x.." | null, "proof": "MERKLE_PROOF~.."}
//   block:        {"index": 7, "leaf": "BLOCK~..", "proof": "MERKLE_PROOF~.."}
// The outer object shapes are ours: upstream's proof JSON changed with jellyfish versions.

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "common/address.hpp"
#include "common/result.hpp"
#include "common/u256.hpp"
#include "merkle/commitment.hpp"
#include "merkle/proof.hpp"

namespace espresso {

struct FeeAccountProof {
  Address account;
  std::optional<U256> balance;  // nullopt: a proof that the account is absent
  MerkleProof proof;

  friend bool operator==(const FeeAccountProof&, const FeeAccountProof&) = default;
};

struct BlockProof {
  std::uint64_t index = 0;
  Hash32 leaf{};  // the header commitment
  MerkleProof proof;

  friend bool operator==(const BlockProof&, const BlockProof&) = default;
};

nlohmann::json to_json(const MerkleCommitment& commitment);
Result<MerkleCommitment> merkle_commitment_from_json(const nlohmann::json& json);

nlohmann::json to_json(const FeeAccountProof& proof);
Result<FeeAccountProof> fee_account_proof_from_json(const nlohmann::json& json);

nlohmann::json to_json(const BlockProof& proof);
Result<BlockProof> block_proof_from_json(const nlohmann::json& json);

// "0x" + lowercase hex without leading zeros ("0x0" for zero), as upstream's U256 JSON.
std::string u256_to_json_hex(const U256& value);
// "0x..." hex or decimal digits, at most 256 bits.
Result<U256> u256_from_json_text(std::string_view text);

}  // namespace espresso
