// Fuzz target: hostile headers never crash validation. The input either is header JSON (first byte
// '{'), stored state bytes (first byte 'S'), or a list of field overwrites applied to a valid
// header; the proposal is then validated against a small fixed chain. Whatever is accepted must
// carry the roots of the state it yields.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/check.hpp"
#include "state/state_codec.hpp"
#include "state/test_chain.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace espresso {
namespace {

struct Fixture {
  state_test::TestChain chain;
  BlockContents contents;
  Header valid;
};

const Fixture& fixture() {
  static const Fixture instance = [] {
    const auto builder = state_test::test_key(1);
    state_test::TestChain chain(
        state_test::test_genesis(state_test::test_config(2), {{builder.address(), 1'000'000}}));
    const std::uint32_t namespaces[] = {3, 4};
    auto contents = state_test::make_contents(namespaces, 40);
    auto block = chain.build(contents, builder).value();
    return Fixture{std::move(chain), std::move(contents), std::move(block.header)};
  }();
  return instance;
}

// Reads little-endian bytes, zero past the end.
class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::uint64_t u64() {
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value |= std::uint64_t{byte()} << (8 * i);
    return value;
  }
  Bytes bytes() {
    Bytes out(byte() % 48);
    for (auto& b : out) b = byte();
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

void mutate(Header& header, ProposalContext& context, Input& in) {
  switch (in.byte() % 14) {
    case 0:
      header.height = in.u64();
      break;
    case 1:
      header.timestamp = in.u64();
      break;
    case 2:
      header.l1_head = in.u64();
      break;
    case 3:
      header.l1_finalized = L1BlockInfo{in.u64(), in.u64(), Hash32{in.byte()}};
      break;
    case 4:
      header.l1_finalized.reset();
      break;
    case 5:
      header.ns_table = NsTable(in.bytes());
      break;
    case 6:
      header.payload_commitment.value = in.bytes();
      break;
    case 7:
      header.fee_info.amount = U256(in.u64()) << (in.byte() % 200);
      break;
    case 8:
      header.fee_info.account = Address(ByteArray<20>{in.byte()});
      break;
    case 9:
      header.builder_signature = BuilderSignature{in.u64(), in.u64(), in.u64()};
      break;
    case 10:
      header.builder_signature.reset();
      break;
    case 11:
      header.block_merkle_tree_root.num_leaves = in.u64();
      break;
    case 12:
      header.fee_merkle_tree_root.digest[in.byte() % 32] ^= in.byte();
      break;
    default:
      context.payload_byte_len = in.u64() % 100'000;
      break;
  }
}

}  // namespace
}  // namespace espresso

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace espresso;
  const Fixture& f = fixture();
  Header header = f.valid;
  ProposalContext context = state_test::context_for(f.contents, f.valid.timestamp);
  if (size > 0 && data[0] == 'S') {
    // Stored state bytes: decoding either fails or yields a state that encodes back the same.
    auto state = decode_state(ByteView(data + 1, size - 1));
    if (state) {
      ESEQ_CHECK(decode_state(encode_state(*state)).value() == *state, "state round trip");
    }
    return 0;
  }
  if (size > 0 && data[0] == '{') {
    auto json = nlohmann::json::parse(std::string_view(reinterpret_cast<const char*>(data), size),
                                      nullptr, false);
    if (json.is_discarded()) return 0;
    auto parsed = header_from_json(json);
    if (!parsed) return 0;
    header = std::move(*parsed);
  } else {
    Input in(data, size);
    while (!in.done()) mutate(header, context, in);
  }
  auto result = validate_proposal(f.chain.tip_state(), f.chain.tip(), header, context);
  if (result) {
    ESEQ_CHECK(result->block_merkle_tree_root() == header.block_merkle_tree_root,
               "accepted header carries the block root it yields");
    ESEQ_CHECK(result->fee_merkle_tree_root() == header.fee_merkle_tree_root,
               "accepted header carries the fee root it yields");
  } else {
    ESEQ_CHECK(!result.error().message.empty(), "every rejection says why");
  }
  return 0;
}
