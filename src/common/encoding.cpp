#include "common/encoding.hpp"

namespace espresso {

template <typename T>
Writer& Writer::little_endian(T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    out_.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
  }
  return *this;
}

Writer& Writer::u8(std::uint8_t value) {
  out_.push_back(value);
  return *this;
}
Writer& Writer::u16(std::uint16_t value) {
  return little_endian(value);
}
Writer& Writer::u32(std::uint32_t value) {
  return little_endian(value);
}
Writer& Writer::u64(std::uint64_t value) {
  return little_endian(value);
}
Writer& Writer::u256(const U256& value) {
  return fixed(to_le_bytes(value));
}
Writer& Writer::boolean(bool value) {
  return u8(value ? 1 : 0);
}

Writer& Writer::fixed(ByteView bytes) {
  append(out_, bytes);
  return *this;
}

Writer& Writer::prefixed(ByteView bytes) {
  u64(bytes.size());
  return fixed(bytes);
}

Writer& Writer::prefixed(std::string_view text) {
  return prefixed(as_bytes(text));
}

template <typename T>
Result<T> Reader::little_endian(const char* what) {
  auto view = fixed(sizeof(T));
  if (!view) return fail(std::move(view).error().context(what));
  T value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>((*view)[i]) << (8 * i);
  return value;
}

Result<std::uint8_t> Reader::u8() {
  return little_endian<std::uint8_t>("u8");
}
Result<std::uint16_t> Reader::u16() {
  return little_endian<std::uint16_t>("u16");
}
Result<std::uint32_t> Reader::u32() {
  return little_endian<std::uint32_t>("u32");
}
Result<std::uint64_t> Reader::u64() {
  return little_endian<std::uint64_t>("u64");
}

Result<U256> Reader::u256() {
  auto view = fixed(32);
  if (!view) return fail(std::move(view).error().context("u256"));
  return from_le_bytes(*view);
}

Result<bool> Reader::boolean() {
  const std::size_t at = position_;
  auto byte = u8();
  if (!byte) return fail(std::move(byte).error().context("bool"));
  if (*byte > 1) {
    return fail("bool: expected 0 or 1 at offset " + std::to_string(at) + ", found " +
                std::to_string(*byte));
  }
  return *byte == 1;
}

Result<ByteView> Reader::fixed(std::size_t size) {
  if (size > remaining()) {
    return fail("truncated input: need " + std::to_string(size) + " bytes at offset " +
                std::to_string(position_) + ", only " + std::to_string(remaining()) + " left");
  }
  const ByteView view = input_.subspan(position_, size);
  position_ += size;
  return view;
}

Result<Bytes> Reader::prefixed(std::uint64_t max_size) {
  auto view = prefixed_view(max_size);
  if (!view) return fail(std::move(view).error());
  return to_bytes(*view);
}

Result<ByteView> Reader::prefixed_view(std::uint64_t max_size) {
  const std::size_t at = position_;
  auto size = u64();
  if (!size) return fail(std::move(size).error().context("length prefix"));
  if (*size > max_size) {
    return fail("length prefix " + std::to_string(*size) + " at offset " + std::to_string(at) +
                " exceeds the limit of " + std::to_string(max_size) + " bytes");
  }
  return fixed(static_cast<std::size_t>(*size));
}

Result<std::string> Reader::prefixed_string(std::uint64_t max_size) {
  auto bytes = prefixed(max_size);
  if (!bytes) return fail(std::move(bytes).error());
  return std::string(bytes->begin(), bytes->end());
}

Status Reader::expect_end() const {
  if (remaining() != 0) {
    return fail("unexpected " + std::to_string(remaining()) + " trailing bytes at offset " +
                std::to_string(position_));
  }
  return {};
}

}  // namespace espresso
