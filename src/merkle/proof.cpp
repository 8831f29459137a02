#include "merkle/proof.hpp"

#include <algorithm>

#include "common/encoding.hpp"
#include "common/tagged_base64.hpp"
#include "merkle/digest.hpp"

namespace espresso {
namespace {

// Deeper than any tree we build (block tree 32, fee tree 20); bounds the decoder.
constexpr std::uint64_t kMaxLevels = 64;
constexpr std::uint64_t kMaxDigestsPerLevel = 255;

}  // namespace

Bytes MerkleProof::to_bytes() const {
  Writer writer;
  write_to(writer);
  return std::move(writer).take();
}

void MerkleProof::write_to(Writer& writer) const {
  writer.u64(levels.size());
  for (const auto& level : levels) {
    writer.u64(level.size());
    for (const Hash32& digest : level) writer.fixed(digest);
  }
}

Result<MerkleProof> MerkleProof::read_from(Reader& reader) {
  const auto in = [](Error e) { return fail(std::move(e).context("Merkle proof")); };
  auto level_count = reader.u64();
  if (!level_count) return in(std::move(level_count).error());
  if (*level_count > kMaxLevels) {
    return in(Error{std::to_string(*level_count) + " levels, expected at most " +
                    std::to_string(kMaxLevels)});
  }
  MerkleProof proof;
  proof.levels.resize(*level_count);
  for (auto& level : proof.levels) {
    auto count = reader.u64();
    if (!count) return in(std::move(count).error());
    if (*count > kMaxDigestsPerLevel) {
      return in(Error{std::to_string(*count) + " digests in a level, expected at most " +
                      std::to_string(kMaxDigestsPerLevel)});
    }
    level.resize(*count);
    for (Hash32& digest : level) {
      auto read = reader.array<32>();
      if (!read) return in(std::move(read).error());
      digest = *read;
    }
  }
  return proof;
}

Result<MerkleProof> MerkleProof::from_bytes(ByteView bytes) {
  Reader reader(bytes);
  auto proof = read_from(reader);
  if (!proof) return proof;
  if (auto end = reader.expect_end(); !end) {
    return fail(std::move(end).error().context("Merkle proof"));
  }
  return proof;
}

std::string MerkleProof::to_tagged_base64() const {
  return TaggedBase64{std::string(kTag), to_bytes()}.to_string();
}

Result<MerkleProof> MerkleProof::from_tagged_base64(std::string_view text) {
  auto tagged = TaggedBase64::parse_expecting(text, kTag);
  if (!tagged) return fail(std::move(tagged).error());
  return from_bytes(tagged->value);
}

Result<Hash32> merkle_root_from_proof(const std::optional<Hash32>& leaf_digest,
                                      std::span<const std::uint32_t> path, std::size_t arity,
                                      const MerkleProof& proof) {
  if (arity < 2) return fail("Merkle proof: arity must be at least 2");
  if (proof.levels.size() != path.size()) {
    return fail("Merkle proof: " + std::to_string(proof.levels.size()) + " levels, expected " +
                std::to_string(path.size()));
  }
  Hash32 value = leaf_digest.value_or(kEmptyMerkleDigest);
  bool below_empty_subtree = !leaf_digest.has_value();
  std::vector<Hash32> children(arity);
  for (std::size_t level = 0; level < path.size(); ++level) {
    const auto& siblings = proof.levels[level];
    const std::size_t branch = path[level];
    if (branch >= arity) return fail("Merkle proof: path position out of range");
    if (siblings.empty() && below_empty_subtree) continue;  // still inside the empty subtree
    below_empty_subtree = false;
    if (siblings.size() != arity - 1) {
      return fail("Merkle proof: level " + std::to_string(level) + " has " +
                  std::to_string(siblings.size()) + " digests, expected " +
                  std::to_string(arity - 1));
    }
    std::copy_n(siblings.begin(), branch, children.begin());
    children[branch] = value;
    std::copy(siblings.begin() + static_cast<std::ptrdiff_t>(branch), siblings.end(),
              children.begin() + static_cast<std::ptrdiff_t>(branch) + 1);
    value = merkle_node_digest(children);
  }
  return value;
}

}  // namespace espresso
