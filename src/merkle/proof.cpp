#include "merkle/proof.hpp"

#include <algorithm>

#include "common/tagged_base64.hpp"
#include "merkle/digest.hpp"

namespace espresso {
namespace {

// Deeper than any tree we build (block tree 32, fee tree 20); bounds the decoder.
constexpr std::uint64_t kMaxLevels = 64;
constexpr std::uint64_t kMaxDigestsPerLevel = 255;

void put_u64_le(Bytes& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

class Reader {
 public:
  explicit Reader(ByteView bytes) : bytes_(bytes) {}

  bool u64(std::uint64_t& value) {
    if (bytes_.size() - pos_ < 8) return false;
    value = 0;
    for (int i = 7; i >= 0; --i) value = (value << 8) | bytes_[pos_ + static_cast<std::size_t>(i)];
    pos_ += 8;
    return true;
  }
  bool digest(Hash32& value) {
    if (bytes_.size() - pos_ < 32) return false;
    std::copy_n(bytes_.begin() + static_cast<std::ptrdiff_t>(pos_), 32, value.begin());
    pos_ += 32;
    return true;
  }
  std::size_t remaining() const { return bytes_.size() - pos_; }
  std::size_t position() const { return pos_; }

 private:
  ByteView bytes_;
  std::size_t pos_ = 0;
};

}  // namespace

Bytes MerkleProof::to_bytes() const {
  Bytes out;
  put_u64_le(out, levels.size());
  for (const auto& level : levels) {
    put_u64_le(out, level.size());
    for (const Hash32& digest : level) append(out, digest);
  }
  return out;
}

Result<MerkleProof> MerkleProof::from_bytes(ByteView bytes) {
  Reader reader(bytes);
  auto truncated = [&] {
    return fail("Merkle proof: truncated at byte " + std::to_string(reader.position()) + " of " +
                std::to_string(bytes.size()));
  };
  std::uint64_t level_count = 0;
  if (!reader.u64(level_count)) return truncated();
  if (level_count > kMaxLevels) {
    return fail("Merkle proof: " + std::to_string(level_count) + " levels, expected at most " +
                std::to_string(kMaxLevels));
  }
  MerkleProof proof;
  proof.levels.resize(level_count);
  for (auto& level : proof.levels) {
    std::uint64_t count = 0;
    if (!reader.u64(count)) return truncated();
    if (count > kMaxDigestsPerLevel) {
      return fail("Merkle proof: " + std::to_string(count) +
                  " digests in a level, expected at most " + std::to_string(kMaxDigestsPerLevel));
    }
    level.resize(count);
    for (Hash32& digest : level) {
      if (!reader.digest(digest)) return truncated();
    }
  }
  if (reader.remaining() != 0) {
    return fail("Merkle proof: " + std::to_string(reader.remaining()) + " trailing bytes");
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
