#pragma once
// Canonical little-endian binary encoding for our own wire and storage formats.
// Integers are fixed-width little-endian; U256 is 32 bytes little-endian; variable-length byte
// strings carry a u64 LE length prefix; bool is one byte, 0 or 1. Reader checks every bound and
// returns an error (never throws, never reads past the end), so it is safe on bytes from the
// network.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "common/u256.hpp"

namespace espresso {

class Writer {
 public:
  Writer& u8(std::uint8_t value);
  Writer& u16(std::uint16_t value);
  Writer& u32(std::uint32_t value);
  Writer& u64(std::uint64_t value);
  Writer& u256(const U256& value);
  Writer& boolean(bool value);
  Writer& fixed(ByteView bytes);            // raw bytes, no length (the reader knows the size)
  Writer& prefixed(ByteView bytes);         // u64 LE length, then the bytes
  Writer& prefixed(std::string_view text);  // as prefixed(bytes) of the UTF-8 text
  // Room for `more` bytes beyond what is written, so a large record is allocated once.
  Writer& reserve(std::size_t more) {
    out_.reserve(out_.size() + more);
    return *this;
  }

  const Bytes& bytes() const& { return out_; }
  Bytes take() && { return std::move(out_); }
  std::size_t size() const { return out_.size(); }

 private:
  template <typename T>
  Writer& little_endian(T value);
  Bytes out_;
};

class Reader {
 public:
  // Largest length prefix accepted by prefixed() unless the caller gives another bound: a hostile
  // length must not make us allocate gigabytes.
  static constexpr std::uint64_t kDefaultMaxPrefixed = 64ull << 20;

  explicit Reader(ByteView input) : input_(input) {}

  Result<std::uint8_t> u8();
  Result<std::uint16_t> u16();
  Result<std::uint32_t> u32();
  Result<std::uint64_t> u64();
  Result<U256> u256();
  Result<bool> boolean();  // rejects bytes other than 0 and 1
  Result<ByteView> fixed(std::size_t size);
  template <std::size_t N>
  Result<ByteArray<N>> array() {
    auto view = fixed(N);
    if (!view) return fail(std::move(view).error());
    ByteArray<N> out{};
    std::copy(view->begin(), view->end(), out.begin());
    return out;
  }
  Result<Bytes> prefixed(std::uint64_t max_size = kDefaultMaxPrefixed);
  // The same bytes in place (valid while the input is).
  Result<ByteView> prefixed_view(std::uint64_t max_size = kDefaultMaxPrefixed);
  Result<std::string> prefixed_string(std::uint64_t max_size = kDefaultMaxPrefixed);

  // Succeeds only when every byte was consumed (trailing garbage is an error for canonical input).
  Status expect_end() const;

  std::size_t remaining() const { return input_.size() - position_; }
  std::size_t position() const { return position_; }

 private:
  template <typename T>
  Result<T> little_endian(const char* what);
  ByteView input_;
  std::size_t position_ = 0;
};

}  // namespace espresso
