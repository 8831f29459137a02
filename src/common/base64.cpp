#include "common/base64.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include <openssl/evp.h>

namespace espresso {
namespace {

// Bytes per OpenSSL call: a multiple of 3 that keeps every length far below INT_MAX.
constexpr std::size_t kChunkBytes = 3 << 20;

// Quotes user input for an error message, cutting very long inputs so logs stay readable.
std::string quote(std::string_view text) {
  constexpr std::size_t kMax = 80;
  if (text.size() <= kMax) return "\"" + std::string(text) + "\"";
  return "\"" + std::string(text.substr(0, kMax)) + "...\" (" + std::to_string(text.size()) +
         " characters)";
}

// The 6-bit value of every character in one alphabet, or kInvalid: one table lookup per
// character, since payloads of megabytes pass through here on submit and in query answers.
constexpr std::uint8_t kInvalid = 0xff;
using SextetTable = std::array<std::uint8_t, 256>;

constexpr SextetTable sextet_table(char plus, char slash) {
  SextetTable table{};
  table.fill(kInvalid);
  for (int i = 0; i < 26; ++i) {
    table[static_cast<unsigned char>('A' + i)] = static_cast<std::uint8_t>(i);
    table[static_cast<unsigned char>('a' + i)] = static_cast<std::uint8_t>(26 + i);
  }
  for (int i = 0; i < 10; ++i) table[static_cast<unsigned char>('0' + i)] = 52 + i;
  table[static_cast<unsigned char>(plus)] = 62;
  table[static_cast<unsigned char>(slash)] = 63;
  return table;
}

constexpr SextetTable kStandardSextets = sextet_table('+', '/');
constexpr SextetTable kUrlSafeSextets = sextet_table('-', '_');

const SextetTable& sextets(Base64Alphabet alphabet) {
  return alphabet == Base64Alphabet::kUrlSafeUnpadded ? kUrlSafeSextets : kStandardSextets;
}

// Position of the first character outside the table's alphabet, or text.size().
std::size_t first_invalid(std::string_view text, const SextetTable& table) {
  std::uint8_t any = 0;
  // Branch-free over blocks (OR of all values has the high bit only if one was invalid).
  std::size_t at = 0;
  for (; at + 64 <= text.size(); at += 64) {
    for (std::size_t i = 0; i < 64; ++i) any |= table[static_cast<unsigned char>(text[at + i])];
    if ((any & 0x80) != 0) break;
  }
  for (std::size_t i = at; i < text.size(); ++i) {
    if (table[static_cast<unsigned char>(text[i])] == kInvalid) return i;
  }
  return text.size();
}

std::string describe(Base64Alphabet alphabet) {
  return alphabet == Base64Alphabet::kUrlSafeUnpadded ? "URL-safe base64 without padding"
                                                      : "standard base64 with padding";
}

}  // namespace

std::string base64_encode(ByteView bytes, Base64Alphabet alphabet) {
  // Encodes straight into the result (sized once, +1 for the NUL OpenSSL writes after each chunk).
  // OpenSSL takes int lengths: encode in chunks (a multiple of 3 bytes, so only the last one pads).
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  std::size_t length = 0;
  for (std::size_t at = 0; at < bytes.size(); at += kChunkBytes) {
    const std::size_t size = std::min(kChunkBytes, bytes.size() - at);
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data() + length),
                                        bytes.data() + at, static_cast<int>(size));
    length += static_cast<std::size_t>(written);
  }
  out.resize(length);
  if (alphabet == Base64Alphabet::kUrlSafeUnpadded) {
    while (!out.empty() && out.back() == '=') out.pop_back();
    for (char& c : out) {
      if (c == '+') c = '-';
      if (c == '/') c = '_';
    }
  }
  return out;
}

Result<Bytes> base64_decode(std::string_view text, Base64Alphabet alphabet) {
  const auto error = [&](const std::string& what) {
    return fail("invalid " + describe(alphabet) + " " + quote(text) + ": " + what);
  };
  const bool padded = alphabet == Base64Alphabet::kStandardPadded;

  // Split off the padding and check its shape; OpenSSL is lenient about both.
  std::size_t data_len = text.size();
  while (data_len > 0 && text[data_len - 1] == '=') --data_len;
  const std::size_t pad = text.size() - data_len;
  if (padded) {
    if (text.size() % 4 != 0) return error("length is not a multiple of 4");
    if (pad > 2) return error("too much '=' padding");
  } else if (pad > 0) {
    return error("padding '=' is not allowed");
  }
  if (data_len % 4 == 1) return error("length leaves a single dangling character");

  // Check every character here (OpenSSL skips whitespace); the URL-safe alphabet is translated to
  // the standard one, which is all OpenSSL reads.
  const SextetTable& table = sextets(alphabet);
  const std::string_view data = text.substr(0, data_len);
  if (const std::size_t bad = first_invalid(data, table); bad < data.size()) {
    return error("unexpected character '" + std::string(1, data[bad]) + "' at position " +
                 std::to_string(bad));
  }
  // The last character of a partial group carries bits beyond the data; they must be zero.
  const std::size_t tail = data_len % 4;
  if (tail != 0) {
    const int last = table[static_cast<unsigned char>(text[data_len - 1])];
    const int unused_mask = tail == 2 ? 0x0f : 0x03;
    if ((last & unused_mask) != 0) return error("nonzero unused bits in the last character");
  }
  const std::size_t tail_bytes = tail == 0 ? 0 : tail - 1;
  std::string translated;  // only for the URL-safe alphabet (short TaggedBase64 bodies)
  std::string_view standard = text;
  if (!padded) {
    translated.reserve(data_len + 3);
    translated.append(data);
    for (char& c : translated) {
      if (c == '-') c = '+';
      if (c == '_') c = '/';
    }
    translated.append((4 - tail) % 4, '=');
    standard = translated;
  }

  // Decode in chunks of whole 4-character groups (OpenSSL takes int lengths).
  constexpr std::size_t kChunkText = 4 * (kChunkBytes / 3);
  Bytes out(standard.size() / 4 * 3);
  std::size_t produced = 0;
  for (std::size_t at = 0; at < standard.size(); at += kChunkText) {
    const std::size_t size = std::min(kChunkText, standard.size() - at);
    const int written = EVP_DecodeBlock(
        out.data() + produced, reinterpret_cast<const unsigned char*>(standard.data() + at),
        static_cast<int>(size));
    if (written < 0) return error("rejected by the decoder");
    produced += static_cast<std::size_t>(written);
  }
  // EVP_DecodeBlock counts padded positions as zero bytes: keep only the real ones.
  out.resize(data_len / 4 * 3 + tail_bytes);
  return out;
}

}  // namespace espresso
