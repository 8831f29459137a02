// Fuzz target: hostile leaves never crash the chain adapter. The input's first byte picks the
// parent state (full, or caught up from peers and holding no fee account) and whether the rest is
// the header bytes themselves or bit flips applied to a valid encoded header; then come the
// payload size and version the replica would pass. Whatever is accepted is kept and must carry the
// roots of the state it yields.

#include <cstddef>
#include <cstdint>

#include "common/check.hpp"
#include "node/chain/chain_test_support.hpp"
#include "node/chain/state_block_validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace espresso {
namespace {

constexpr std::uint64_t kNow = chain_test::kGenesisTime + 10;

struct Fixture {
  ChainStart full;
  ChainStart partial;
  consensus::Leaf parent;
  chain_test::Proposal valid;
};

const Fixture& fixture() {
  static const Fixture instance = [] {
    const EthPrivateKey key = chain_test::test_key(1);
    const Genesis genesis = chain_test::test_genesis_file(key.address());
    LeafStates states{chain_test::test_genesis_block(genesis)};
    StateBlockBuilder builder{states, key, [] { return kNow; }};
    const consensus::Leaf genesis_leaf = consensus::genesis_leaf();
    auto valid = chain_test::propose(builder, genesis_leaf, 1,
                                     {Transaction{3, Bytes(40, 3)}, Transaction{4, Bytes(9, 4)}});
    ChainStart full = genesis_start(chain_test::test_genesis_block(genesis));
    ChainStart partial = full;
    partial.entry.state.fee_tree =
        FeeMerkleTree::from_commitment(full.entry.state.fee_merkle_tree_root()).value();
    return Fixture{std::move(full), std::move(partial), genesis_leaf, std::move(valid)};
  }();
  return instance;
}

std::uint64_t read_u64(const std::uint8_t*& data, std::size_t& size) {
  std::uint64_t value = 0;
  for (int i = 0; i < 8 && size > 0; ++i, ++data, --size) value |= std::uint64_t{*data} << (8 * i);
  return value;
}

}  // namespace
}  // namespace espresso

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace espresso;
  if (size == 0) return 0;
  const Fixture& f = fixture();
  const std::uint8_t mode = *data++;
  --size;
  const std::uint64_t size_choice = read_u64(data, size);
  const std::uint64_t payload_size =
      (size_choice & 1) ? size_choice >> 1 : f.valid.payload.size() + (size_choice >> 1) % 3;
  const consensus::Version version{0, static_cast<std::uint16_t>(1 + (mode >> 2) % 2)};

  consensus::Leaf leaf = f.valid.leaf;
  if (mode & 2) {
    leaf.header.assign(data, data + size);
  } else {
    for (std::size_t i = 0; i + 1 < size && !leaf.header.empty(); i += 2) {
      leaf.header[data[i] % leaf.header.size()] ^= data[i + 1];
    }
  }

  LeafStates states{(mode & 1) ? f.partial : f.full};
  StateBlockValidator validator{states, [] { return kNow; }};
  auto checked = validator.check(f.parent, leaf, version, payload_size);
  if (checked) {
    const LeafState& entry = **checked;
    ESEQ_CHECK(entry.header.fee_merkle_tree_root == entry.state.fee_merkle_tree_root(),
               "accepted header carries the fee root of its state");
    ESEQ_CHECK(entry.header.block_merkle_tree_root == entry.state.block_merkle_tree_root(),
               "accepted header carries the block root of its state");
  }
  return 0;
}
