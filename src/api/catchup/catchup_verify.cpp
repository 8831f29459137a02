#include "api/catchup/catchup_verify.hpp"

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace espresso {
namespace {

Result<FeeAccountProof> verified_proof(const nlohmann::json& json, const Address& account,
                                       const MerkleCommitment& fee_root) {
  auto proof = fee_account_proof_from_json(json);
  if (!proof) return fail("fee account proof: " + proof.error().message);
  if (proof->account != account) {
    return fail("fee account proof is about " + proof->account.to_hex() + ", asked for " +
                account.to_hex());
  }
  if (auto valid = verify_fee_proof(fee_root, account, proof->balance, proof->proof); !valid) {
    return fail("fee account proof for " + account.to_hex() + ": " + valid.error().message);
  }
  return proof;
}

}  // namespace

Result<FeeAccountProof> verify_account_response(const nlohmann::json& body, const Address& account,
                                                const MerkleCommitment& fee_root) {
  if (!body.is_object() || !body.contains("balance") || !body.contains("proof") ||
      !body["balance"].is_string()) {
    return fail("catchup account response: expected {\"balance\": \"0x..\", \"proof\": {...}}");
  }
  auto proof = verified_proof(body["proof"], account, fee_root);
  if (!proof) return fail("catchup account response: " + proof.error().message);
  const std::string balance_text = body["balance"].get<std::string>();
  auto balance = u256_from_json_text(balance_text);
  if (!balance || *balance != proof->balance.value_or(0)) {
    return fail("catchup account response: balance \"" + balance_text +
                "\" differs from the proven " + u256_to_json_hex(proof->balance.value_or(0)));
  }
  return proof;
}

Result<std::vector<FeeAccountProof>> verify_accounts_response(const nlohmann::json& body,
                                                              std::span<const Address> accounts,
                                                              const MerkleCommitment& fee_root) {
  if (!body.is_array() || body.size() != accounts.size()) {
    return fail("catchup accounts response: expected an array of " +
                std::to_string(accounts.size()) + " fee account proofs");
  }
  std::vector<FeeAccountProof> proofs;
  proofs.reserve(accounts.size());
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    auto proof = verified_proof(body[i], accounts[i], fee_root);
    if (!proof) {
      return fail("catchup accounts response [" + std::to_string(i) +
                  "]: " + proof.error().message);
    }
    proofs.push_back(std::move(*proof));
  }
  return proofs;
}

Result<BlockMerkleFrontier> verify_blocks_response(const nlohmann::json& body, std::uint64_t height,
                                                   const MerkleCommitment& block_root) {
  BlockMerkleFrontier frontier;
  if (body.is_null()) {
    if (height != 0) {
      return fail("catchup blocks response: empty frontier for height " + std::to_string(height));
    }
  } else {
    auto proof = block_proof_from_json(body);
    if (!proof) return fail("catchup blocks response: " + proof.error().message);
    if (height == 0 || proof->index != height - 1) {
      return fail("catchup blocks response: proves leaf " + std::to_string(proof->index) +
                  ", the frontier after height " + std::to_string(height) + " ends at leaf " +
                  (height == 0 ? std::string("none") : std::to_string(height - 1)));
    }
    auto rebuilt = BlockMerkleFrontier::from_last_leaf(kBlockMerkleTreeHeight, height, proof->leaf,
                                                       proof->proof);
    if (!rebuilt) return fail("catchup blocks response: " + rebuilt.error().message);
    frontier = std::move(*rebuilt);
  }
  if (frontier.commitment() != block_root) {
    return fail(
        "catchup blocks response: frontier root differs from the header's "
        "block_merkle_tree_root");
  }
  return frontier;
}

Result<ChainConfig> verify_chain_config_response(const nlohmann::json& body,
                                                 const Hash32& commitment) {
  auto config = chain_config_from_json(body);
  if (!config) return fail("catchup chain config response: " + config.error().message);
  if (commit(*config).digest != commitment) {
    return fail("catchup chain config response: config does not hash to the requested commitment");
  }
  return config;
}

Result<ValidatedState> state_from_catchup(const Header& header, BlockMerkleFrontier frontier,
                                          std::span<const FeeAccountProof> accounts,
                                          const std::optional<ChainConfig>& fetched_config) {
  ValidatedState state;
  if (const ChainConfig* config = header.chain_config.resolve()) {
    state.chain_config = *config;
  } else if (fetched_config && commit(*fetched_config).digest == header.chain_config.commitment()) {
    state.chain_config = *fetched_config;
  } else {
    return fail("catchup state: the header at height " + std::to_string(header.height) +
                " holds only its chain config's commitment; fetch the config");
  }
  if (frontier.commitment() != header.block_merkle_tree_root) {
    return fail("catchup state: block frontier root differs from the header's");
  }
  state.block_tree = std::move(frontier);
  auto tree = FeeMerkleTree::from_commitment(header.fee_merkle_tree_root);
  if (!tree) return fail("catchup state: " + tree.error().message);
  for (const FeeAccountProof& account : accounts) {
    if (auto remembered = tree->remember(account.account, account.balance, account.proof);
        !remembered) {
      return fail("catchup state: account " + account.account.to_hex() + ": " +
                  remembered.error().message);
    }
  }
  state.fee_tree = std::move(*tree);
  return state;
}

}  // namespace espresso
