#pragma once
// Test helpers for state/: deterministic builder keys, block contents from transactions with a
// stand-in VID commitment (state/ sits below vid/), and a chain that builds and validates blocks.

#include <cstdint>
#include <span>
#include <vector>

#include "common/check.hpp"
#include "common/hash.hpp"
#include "crypto/ethereum.hpp"
#include "state/build_header.hpp"
#include "state/genesis_state.hpp"
#include "state/validate_proposal.hpp"
#include "types/payload.hpp"

namespace espresso::state_test {

inline constexpr std::uint64_t kGenesisTime = 1'700'000'000;

inline EthPrivateKey test_key(std::uint8_t seed) {
  Hash32 secret{};
  secret[0] = 0x42;
  secret[31] = seed;
  return EthPrivateKey::from_bytes(secret).value();
}

inline TaggedBase64 stand_in_vid_commitment(const Payload& payload) {
  Bytes all = payload.raw_payload;
  append(all, payload.ns_table.bytes());
  return TaggedBase64{"HASH", to_bytes(sha256(all))};
}

inline BlockContents contents_of(const Payload& payload) {
  return BlockContents{payload.ns_table, payload.raw_payload.size(),
                       stand_in_vid_commitment(payload), builder_commitment(payload).digest};
}

// One transaction of `size` bytes per namespace in `namespaces`.
inline BlockContents make_contents(std::span<const std::uint32_t> namespaces, std::size_t size) {
  std::vector<Transaction> txs;
  for (std::uint32_t ns : namespaces) {
    txs.push_back(Transaction{ns, Bytes(size, static_cast<std::uint8_t>(ns))});
  }
  auto built = build_payload(txs, UINT64_MAX).value();
  ESEQ_CHECK(built.included.size() == txs.size(), "test payload holds every transaction");
  return contents_of(built.payload);
}

inline BlockContents empty_contents() {
  return contents_of(Payload{{}, NsTableBuilder{}.build()});
}

inline ChainConfig test_config(std::uint64_t base_fee, std::uint64_t max_block_size = 30720) {
  ChainConfig config;
  config.base_fee = base_fee;
  config.max_block_size = max_block_size;
  config.fee_recipient = Address::parse("0x000000000000000000000000000000000000fee0").value();
  return config;
}

inline GenesisBlock test_genesis(const ChainConfig& config,
                                 std::vector<std::pair<Address, U256>> accounts) {
  GenesisDescription description;
  description.chain_config = config;
  description.timestamp = kGenesisTime;
  description.l1_finalized = L1BlockInfo{100, 1'699'999'000, Hash32{1}};
  description.accounts = std::move(accounts);
  description.empty_payload_commitment = empty_contents().payload_commitment;
  return make_genesis(description).value();
}

inline ProposalContext context_for(const BlockContents& contents, std::uint64_t now) {
  ProposalContext context;
  context.payload_byte_len = contents.payload_byte_len;
  context.payload_commitment = contents.payload_commitment;
  context.now = now;
  return context;
}

// A growing chain: headers[i] and the state after it.
struct TestChain {
  std::vector<Header> headers;
  std::vector<ValidatedState> states;

  explicit TestChain(GenesisBlock genesis)
      : headers{std::move(genesis.header)}, states{std::move(genesis.state)} {}

  const Header& tip() const { return headers.back(); }
  const ValidatedState& tip_state() const { return states.back(); }

  BlockEnvironment next_environment(std::uint64_t seconds_later = 1) const {
    BlockEnvironment environment;
    environment.timestamp = tip().timestamp + seconds_later;
    environment.l1_head = tip().l1_head + 1;
    environment.l1_finalized = tip().l1_finalized;
    return environment;
  }

  Validated<BuiltBlock> build(const BlockContents& contents, const EthPrivateKey& key) const {
    return build_next_header(tip_state(), tip(), contents, key, next_environment());
  }

  Validated<ValidatedState> validate(const Header& proposed, const BlockContents& contents) const {
    return validate_proposal(tip_state(), tip(), proposed,
                             context_for(contents, proposed.timestamp));
  }

  void append(Header header, ValidatedState state) {
    headers.push_back(std::move(header));
    states.push_back(std::move(state));
  }
};

}  // namespace espresso::state_test
