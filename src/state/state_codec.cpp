#include "state/state_codec.hpp"

#include <string>

#include "common/encoding.hpp"
#include "types/bincode.hpp"

namespace espresso {
namespace {

constexpr std::uint8_t kFormatVersion = 1;
constexpr std::size_t kAccountEntrySize = Address::kSize + 32;

Result<ValidatedState> decode_fields(Reader& in) {
  auto version = in.u8();
  if (!version) return fail(std::move(version).error());
  if (*version != kFormatVersion) {
    return fail("format version " + std::to_string(*version) + ", expected " +
                std::to_string(kFormatVersion));
  }
  ValidatedState state;
  auto frontier_bytes = in.prefixed();
  if (!frontier_bytes) return fail(std::move(frontier_bytes).error().context("block frontier"));
  auto frontier = BlockMerkleFrontier::from_bytes(*frontier_bytes);
  if (!frontier) return fail(std::move(frontier).error().context("block frontier"));
  state.block_tree = std::move(*frontier);

  auto config_bytes = in.prefixed();
  if (!config_bytes) return fail(std::move(config_bytes).error().context("chain config"));
  auto config = bincode::decode_chain_config(*config_bytes);
  if (!config) return fail(std::move(config).error().context("chain config"));
  state.chain_config = *config;

  auto count = in.u64();
  if (!count) return fail(std::move(count).error().context("account count"));
  if (*count > in.remaining() / kAccountEntrySize) {
    return fail("account count " + std::to_string(*count) + " exceeds the " +
                std::to_string(in.remaining()) + " bytes left");
  }
  for (std::uint64_t i = 0; i < *count; ++i) {
    auto address = in.array<Address::kSize>();
    if (!address) return fail(std::move(address).error().context("account address"));
    auto balance = in.u256();
    if (!balance) return fail(std::move(balance).error().context("account balance"));
    const Address account(*address);
    if (state.fee_tree.get(account)) {
      return fail("account " + account.to_hex() + " appears twice");
    }
    state.fee_tree.set(account, *balance);
  }
  if (auto end = in.expect_end(); !end) return fail(std::move(end).error());
  return state;
}

}  // namespace

Bytes encode_state(const ValidatedState& state) {
  Writer out;
  out.u8(kFormatVersion);
  out.prefixed(state.block_tree.to_bytes());
  out.prefixed(bincode::encode(state.chain_config));
  const auto entries = state.fee_tree.entries();
  out.u64(entries.size());
  for (const auto& [account, balance] : entries) {
    out.fixed(account.bytes());
    out.u256(balance);
  }
  return std::move(out).take();
}

Result<ValidatedState> decode_state(ByteView bytes) {
  Reader in(bytes);
  auto state = decode_fields(in);
  if (!state) return fail(std::move(state).error().context("validated state"));
  return state;
}

}  // namespace espresso
