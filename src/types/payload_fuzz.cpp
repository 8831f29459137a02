// Fuzz target for the decoders of untrusted block bytes: the namespace table (binary and JSON) and
// the lenient payload reader. Input: u16 LE table length, table bytes, then payload bytes.

#include <cstddef>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "common/check.hpp"
#include "types/codec.hpp"
#include "types/payload.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace espresso;
  if (size < 2) return 0;
  std::size_t table_len = std::min<std::size_t>(data[0] | (data[1] << 8), size - 2);
  Bytes table(data + 2, data + 2 + table_len);
  Bytes raw(data + 2 + table_len, data + size);

  Payload payload{raw, NsTable(table)};
  (void)payload.ns_table.validate(raw.size());
  std::size_t total = 0;
  for (const auto& tx : payload.transactions()) {
    ESEQ_CHECK(tx.payload.size() <= raw.size(), "transaction inside the payload");
    total += tx.payload.size();
  }
  ESEQ_CHECK(payload.tx_indices().size() == payload.num_transactions(), "index per transaction");
  for (const auto& index : payload.tx_indices()) {
    ESEQ_CHECK(payload.transaction(index).has_value(), "every index resolves");
  }
  (void)total;

  nlohmann::json json = {{"raw_payload", text::base64_encode(raw)},
                         {"ns_table", {{"bytes", text::base64_encode(table)}}}};
  auto parsed = payload_from_json(json);
  ESEQ_CHECK(parsed.has_value() == !payload.ns_table.check_invariants().has_value(),
             "JSON accepts exactly the tables that hold the invariants");
  return 0;
}
