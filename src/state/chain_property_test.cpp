// RapidCheck properties: random valid chains validate block by block, and a random single-field
// mutation of a valid header is always rejected.

#include <algorithm>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "state/test_chain.hpp"
#include "types/builder_signature.hpp"

namespace espresso {
namespace {

using state_test::TestChain;

struct RandomBlock {
  std::vector<std::uint32_t> namespaces;
  std::size_t tx_size = 0;
  std::uint8_t builder = 0;  // 0: funded, 1: unfunded
  std::uint64_t seconds_later = 0;
  std::uint64_t l1_advance = 0;  // finalized L1 blocks since the parent's
  std::uint64_t deposit = 0;     // to the unfunded builder, when L1 advanced
};

RandomBlock gen_block() {
  RandomBlock block;
  const auto count = *rc::gen::inRange<std::size_t>(0, 4);
  block.namespaces = *rc::gen::container<std::vector<std::uint32_t>>(
      count, rc::gen::inRange<std::uint32_t>(0, 50));
  std::sort(block.namespaces.begin(), block.namespaces.end());
  block.namespaces.erase(std::unique(block.namespaces.begin(), block.namespaces.end()),
                         block.namespaces.end());
  block.tx_size = *rc::gen::inRange<std::size_t>(1, 300);
  block.builder = *rc::gen::inRange<std::uint8_t>(0, 2);
  block.seconds_later = *rc::gen::inRange<std::uint64_t>(0, 5);
  block.l1_advance = *rc::gen::inRange<std::uint64_t>(0, 3);
  if (block.l1_advance > 0) block.deposit = *rc::gen::inRange<std::uint64_t>(0, 2000);
  return block;
}

struct RandomChain {
  TestChain chain;
  U256 deposited = 0;
};

// A random chain; blocks an unfunded builder cannot pay for fall back to the funded builder.
RandomChain gen_chain(std::uint64_t base_fee, std::size_t length, const EthPrivateKey& funded,
                      const EthPrivateKey& unfunded) {
  RandomChain out{TestChain(state_test::test_genesis(state_test::test_config(base_fee),
                                                     {{funded.address(), 1'000'000'000}}))};
  TestChain& chain = out.chain;
  for (std::size_t i = 0; i < length; ++i) {
    const RandomBlock shape = gen_block();
    const auto contents = shape.namespaces.empty()
                              ? state_test::empty_contents()
                              : state_test::make_contents(shape.namespaces, shape.tx_size);
    auto environment = chain.next_environment(shape.seconds_later);
    std::vector<FeeInfo> deposits;
    if (shape.l1_advance > 0) {
      const auto& parent = *chain.tip().l1_finalized;
      environment.l1_finalized =
          L1BlockInfo{parent.number + shape.l1_advance, parent.timestamp + 12 * shape.l1_advance,
                      Hash32{static_cast<std::uint8_t>(i)}};
      if (shape.deposit > 0) deposits.push_back(FeeInfo{unfunded.address(), shape.deposit});
    }
    environment.l1_deposits = deposits;
    auto block = build_next_header(chain.tip_state(), chain.tip(), contents,
                                   shape.builder == 0 ? funded : unfunded, environment);
    if (!block) {
      RC_ASSERT(block.error().reason == RejectReason::kInsufficientBalance);
      block = build_next_header(chain.tip_state(), chain.tip(), contents, funded, environment);
    }
    RC_ASSERT(block.has_value());
    auto context = state_test::context_for(contents, block->header.timestamp);
    context.l1_deposits = deposits;
    auto after = validate_proposal(chain.tip_state(), chain.tip(), block->header, context);
    RC_ASSERT(after.has_value());
    RC_ASSERT(*after == block->state);
    for (const auto& deposit : deposits) out.deposited += deposit.amount;
    chain.append(block->header, block->state);
  }
  return out;
}

RC_GTEST_PROP(StateProperties, RandomValidChainsValidate, ()) {
  const auto base_fee = *rc::gen::inRange<std::uint64_t>(0, 3);
  const auto length = *rc::gen::inRange<std::size_t>(1, 8);
  const auto funded = state_test::test_key(1);
  const auto unfunded = state_test::test_key(2);
  const auto random = gen_chain(base_fee, length, funded, unfunded);
  const auto& chain = random.chain;
  RC_ASSERT(chain.tip().height == length);
  RC_ASSERT(chain.tip_state().block_tree.num_leaves() == length);
  // Fees only move between the builders and the recipient; deposits add to them.
  const auto& state = chain.tip_state();
  RC_ASSERT(state.balance(funded.address()) + state.balance(unfunded.address()) +
                state.balance(state.chain_config.fee_recipient) ==
            U256(1'000'000'000) + random.deposited);
}

// One field of `header` changed so that the header is invalid whatever the rest holds.
Header mutate(Header header, const Header& parent, std::uint64_t now) {
  // At the nominal size inRange is uniform over the whole range.
  const auto field = *rc::gen::resize(rc::kNominalSize, rc::gen::inRange(0, 12));
  RC_TAG(field);
  const auto nonzero = *rc::gen::inRange<std::uint64_t>(1, 1000);
  switch (field) {
    case 0:
      header.height =
          *rc::gen::element(parent.height, parent.height + 1 + nonzero, std::uint64_t{UINT64_MAX});
      break;
    case 1:
      header.timestamp =
          *rc::gen::element(parent.timestamp - nonzero, now + kMaxTimestampDriftSeconds + nonzero);
      break;
    case 2: {
      Bytes bytes = header.ns_table.bytes();
      const auto at = *rc::gen::inRange<std::size_t>(0, bytes.size());
      bytes[at] ^= static_cast<std::uint8_t>(*rc::gen::inRange(1, 256));
      header.ns_table = NsTable(bytes);
      break;
    }
    case 3:
      header.payload_commitment.value.at(0) ^= 1;
      break;
    case 4: {
      auto config = *header.chain_config.resolve();
      config.max_block_size += nonzero;
      header.chain_config = ResolvableChainConfig{config};
      break;
    }
    case 5:
      header.l1_head = parent.l1_head - 1 - nonzero % parent.l1_head;
      break;
    case 6:
      header.l1_finalized->number = parent.l1_finalized->number - 1;
      break;
    case 7:
      header.fee_info.amount += nonzero;
      break;
    case 8:
      header.fee_info.account = state_test::test_key(3).address();
      break;
    case 9:
      header.builder_signature->r ^= nonzero;
      break;
    case 10:
      header.block_merkle_tree_root.digest[*rc::gen::inRange(0, 32)] ^= 1;
      break;
    default:
      header.fee_merkle_tree_root.num_leaves += nonzero;
      break;
  }
  return header;
}

RC_GTEST_PROP(StateProperties, SingleFieldMutationsAreRejected, ()) {
  const auto base_fee = *rc::gen::inRange<std::uint64_t>(0, 3);
  const auto funded = state_test::test_key(1);
  const auto random =
      gen_chain(base_fee, *rc::gen::inRange<std::size_t>(0, 3), funded, state_test::test_key(2));
  const auto& chain = random.chain;
  const std::uint32_t namespaces[] = {1, 2};
  const auto contents =
      state_test::make_contents(namespaces, *rc::gen::inRange<std::size_t>(1, 200));
  const auto block = chain.build(contents, funded);
  RC_ASSERT(block.has_value());
  const auto now = block->header.timestamp;
  const Header mutated = mutate(block->header, chain.tip(), now);
  RC_PRE(mutated != block->header);
  auto result = validate_proposal(chain.tip_state(), chain.tip(), mutated,
                                  state_test::context_for(contents, now));
  RC_ASSERT_FALSE(result.has_value());
  RC_TAG(to_string(result.error().reason));
}

}  // namespace
}  // namespace espresso
