// Fuzz target for the text and binary decoders of common/: base64 (both alphabets), TaggedBase64,
// addresses, unit parsers, RFC 3339 and the canonical Reader. Whatever decodes must re-encode to
// the same text where the format is canonical.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/address.hpp"
#include "common/base64.hpp"
#include "common/check.hpp"
#include "common/encoding.hpp"
#include "common/rfc3339.hpp"
#include "common/tagged_base64.hpp"
#include "common/units.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace espresso;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  for (auto alphabet : {Base64Alphabet::kStandardPadded, Base64Alphabet::kUrlSafeUnpadded}) {
    if (auto bytes = base64_decode(text, alphabet))
      ESEQ_CHECK(base64_encode(*bytes, alphabet) == text, "fuzz property");
  }
  if (auto tagged = TaggedBase64::parse(text))
    ESEQ_CHECK(tagged->to_string() == text, "fuzz property");
  if (auto address = Address::parse(text))
    ESEQ_CHECK(*Address::parse(address->to_hex()) == *address, "fuzz property");
  (void)parse_amount(text);
  (void)parse_byte_size(text);
  if (auto duration = parse_duration(text); duration && duration->count() >= 0) {
    ESEQ_CHECK(*parse_duration(format_duration(*duration)) == *duration, "fuzz property");
  }
  if (auto seconds = parse_rfc3339(text))
    ESEQ_CHECK(*parse_rfc3339(*format_rfc3339(*seconds)) == *seconds, "fuzz property");

  Reader reader(ByteView(data, size));
  while (reader.remaining() > 0) {
    const auto before = reader.position();
    if (!reader.prefixed(4096)) break;
    ESEQ_CHECK(reader.position() > before, "fuzz property");
  }
  return 0;
}
