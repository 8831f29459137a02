// Fuzz target for the Merkle proof decoders (binary, TaggedBase64, JSON) and the frontier decoder:
// untrusted bytes from peers and API clients. Decoded proofs are also run through both verifiers.
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
  // Random bytes rarely form a valid proof, so also build one from the input (level shape from the
  // first bytes, digests from the rest) to reach the verifiers with well-formed proofs.
  if (size >= 2) {
    MerkleProof built;
    std::size_t pos = 2;
    for (std::size_t level = 0; level < data[0] % 24u; ++level) {
      built.levels.emplace_back((level + data[1]) % 3 == 0 ? 0 : 2);
      for (Hash32& digest : built.levels.back()) {
        for (auto& b : digest) b = pos < size ? data[pos++] : 0;
      }
    }
    auto decoded = MerkleProof::from_bytes(built.to_bytes());
    if (!decoded || *decoded != built) __builtin_trap();
    const MerkleCommitment root{Hash32{}, built.levels.size(), 1};
    (void)verify_block_proof(root, 0, Hash32{}, built);
  }
  if (auto proof = MerkleProof::from_bytes(bytes)) {
    const MerkleCommitment block_root{Hash32{}, kBlockMerkleTreeHeight, 10};
    (void)verify_block_proof(block_root, size % 10, Hash32{}, *proof);
    const MerkleCommitment fee_root{Hash32{}, kFeeMerkleTreeHeight, 0};
    (void)verify_fee_proof(fee_root, Address(), std::nullopt, *proof);
    (void)verify_fee_proof(fee_root, Address(), U256(size), *proof);
    if (proof->to_bytes().size() != size) __builtin_trap();  // the encoding is canonical
  }
  if (auto frontier = BlockMerkleFrontier::from_bytes(bytes)) {
    if (frontier->to_bytes().size() != size) __builtin_trap();
    (void)frontier->push(Hash32{});
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
