#pragma once
// TaggedBase64: Espresso's text form for commitments, keys and signatures, e.g. "TX~EikfLslj...".
// Format (EspressoSystems/tagged-base64, crate `tagged-base64`, src/lib.rs):
//   TAG "~" base64url-no-padding(value || checksum)
// where TAG is ASCII alphanumerics, '-' and '_' (possibly empty), and
//   checksum = CRC-8(poly 0x07, init 0, tag bytes then value bytes) XOR (value length mod 256).

#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace espresso {

struct TaggedBase64 {
  std::string tag;
  Bytes value;

  // "TAG~..." text. The tag must be valid (see is_valid_tag); ESEQ_CHECK enforces it.
  std::string to_string() const;

  // Parses "TAG~...": errors name the input and the failure (missing '~', bad tag character, bad
  // base64, missing or wrong checksum).
  static Result<TaggedBase64> parse(std::string_view text);

  // As parse, and the tag must equal expected_tag.
  static Result<TaggedBase64> parse_expecting(std::string_view text, std::string_view expected_tag);

  static bool is_valid_tag(std::string_view tag);
  static std::uint8_t checksum(std::string_view tag, ByteView value);

  friend bool operator==(const TaggedBase64&, const TaggedBase64&) = default;
};

}  // namespace espresso
