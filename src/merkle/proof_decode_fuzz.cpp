// Fuzz target for the Merkle proof decoders (binary, TaggedBase64, JSON): untrusted bytes from
// peers and API clients. Decoded proofs are also run through both verifiers.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "merkle/block_tree.hpp"
#include "merkle/fee_tree.hpp"
#include "merkle/proof_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace espresso;
  const ByteView bytes(data, size);
  if (auto proof = MerkleProof::from_bytes(bytes)) {
    const MerkleCommitment block_root{Hash32{}, kBlockMerkleTreeHeight, 10};
    (void)verify_block_proof(block_root, size % 10, Hash32{}, *proof);
    const MerkleCommitment fee_root{Hash32{}, kFeeMerkleTreeHeight, 0};
    (void)verify_fee_proof(fee_root, Address(), std::nullopt, *proof);
    (void)verify_fee_proof(fee_root, Address(), U256(size), *proof);
    if (proof->to_bytes().size() != size) __builtin_trap();  // the encoding is canonical
  }
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)MerkleProof::from_tagged_base64(text);
  (void)MerkleCommitment::from_tagged_base64(text);
  const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_discarded()) {
    (void)fee_account_proof_from_json(json);
    (void)block_proof_from_json(json);
    (void)merkle_commitment_from_json(json);
  }
  return 0;
}
