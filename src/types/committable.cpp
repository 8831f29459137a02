#include "types/committable.hpp"

#include "types/codec.hpp"

namespace espresso {
namespace {

// Terminates every constant string so that no two field sequences hash the same bytes.
constexpr std::array<std::uint8_t, 2> kInvalidUtf8{0xC0, 0x7F};

template <typename T>
std::array<std::uint8_t, sizeof(T)> little_endian(T value) {
  std::array<std::uint8_t, sizeof(T)> out{};
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    out[i] = static_cast<std::uint8_t>(value >> (8 * i));
  }
  return out;
}

}  // namespace

std::string Commitment::to_tagged_base64() const {
  return text::tagged_base64_encode(tag, digest);
}

CommitmentBuilder::CommitmentBuilder(std::string_view tag) {
  constant_str(tag);
}

CommitmentBuilder& CommitmentBuilder::constant_str(std::string_view text) {
  hasher_.update(as_bytes(text));
  return fixed_size_bytes(kInvalidUtf8);
}

CommitmentBuilder& CommitmentBuilder::fixed_size_bytes(ByteView bytes) {
  hasher_.update(bytes);
  return *this;
}

CommitmentBuilder& CommitmentBuilder::u64(std::uint64_t value) {
  return fixed_size_bytes(little_endian(value));
}

CommitmentBuilder& CommitmentBuilder::u32(std::uint32_t value) {
  return fixed_size_bytes(little_endian(value));
}

CommitmentBuilder& CommitmentBuilder::u16(std::uint16_t value) {
  return fixed_size_bytes(little_endian(value));
}

CommitmentBuilder& CommitmentBuilder::var_size_bytes(ByteView bytes) {
  u64(bytes.size());
  return fixed_size_bytes(bytes);
}

CommitmentBuilder& CommitmentBuilder::fixed_size_field(std::string_view name, ByteView bytes) {
  return constant_str(name).fixed_size_bytes(bytes);
}

CommitmentBuilder& CommitmentBuilder::var_size_field(std::string_view name, ByteView bytes) {
  return constant_str(name).var_size_bytes(bytes);
}

CommitmentBuilder& CommitmentBuilder::u64_field(std::string_view name, std::uint64_t value) {
  return constant_str(name).u64(value);
}

CommitmentBuilder& CommitmentBuilder::field(std::string_view name, const Hash32& commitment) {
  return constant_str(name).fixed_size_bytes(commitment);
}

CommitmentBuilder& CommitmentBuilder::optional(std::string_view name, const Hash32* commitment) {
  if (commitment != nullptr) return field(name, *commitment);
  return u64_field(name, 0);
}

CommitmentBuilder& CommitmentBuilder::array_field(std::string_view name,
                                                  std::span<const Hash32> commitments) {
  constant_str(name).u64(commitments.size());
  for (const Hash32& c : commitments) fixed_size_bytes(c);
  return *this;
}

Hash32 CommitmentBuilder::finalize() {
  return hasher_.finalize();
}

}  // namespace espresso
