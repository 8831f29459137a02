#include "state/build_header.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "state/fee_rule.hpp"
#include "types/builder_signature.hpp"

namespace espresso {

Validated<BuiltBlock> build_next_header(const ValidatedState& parent_state,
                                        const Header& parent_header, const BlockContents& contents,
                                        const EthPrivateKey& builder_key,
                                        const BlockEnvironment& environment) {
  const ChainConfig& config = parent_state.chain_config;
  if (contents.payload_byte_len > config.max_block_size) {
    return reject(RejectReason::kMaxBlockSizeExceeded,
                  "payload of " + std::to_string(contents.payload_byte_len) +
                      " bytes exceeds max_block_size " + std::to_string(config.max_block_size));
  }
  if (auto error = contents.ns_table.validate(contents.payload_byte_len)) {
    return reject(RejectReason::kInvalidNsTable, std::string(to_string(*error)));
  }
  const auto fee = required_fee(config.base_fee, contents.payload_byte_len);
  if (!fee || *fee > std::numeric_limits<std::uint64_t>::max()) {
    return reject(RejectReason::kFeeAmountOutOfRange,
                  "base fee " + to_decimal(config.base_fee) + " wei × " +
                      std::to_string(contents.payload_byte_len) + " bytes does not fit 64 bits");
  }

  Header header;
  header.version = environment.version.value_or(parent_header.version);
  header.chain_config = ResolvableChainConfig{config};
  header.height = parent_header.height + 1;
  header.timestamp = std::max(environment.timestamp, parent_header.timestamp);
  header.l1_head = std::max(environment.l1_head, parent_header.l1_head);
  header.l1_finalized = environment.l1_finalized;
  if (parent_header.l1_finalized &&
      (!header.l1_finalized || header.l1_finalized->number < parent_header.l1_finalized->number)) {
    header.l1_finalized = parent_header.l1_finalized;
  }
  header.payload_commitment = contents.payload_commitment;
  header.builder_commitment = contents.builder_commitment;
  header.ns_table = contents.ns_table;
  header.fee_info = FeeInfo{builder_key.address(), *fee};
  auto signature = sign_builder_fee(builder_key, *fee, contents.ns_table);
  if (!signature) {
    return reject(RejectReason::kFeeAmountOutOfRange, signature.error().message);
  }
  header.builder_signature = *signature;

  auto state = apply_header(parent_state, parent_header, header, environment.l1_deposits);
  if (!state) return tl::unexpected(std::move(state).error());
  header.block_merkle_tree_root = state->block_merkle_tree_root();
  header.fee_merkle_tree_root = state->fee_merkle_tree_root();
  return BuiltBlock{std::move(header), std::move(*state)};
}

}  // namespace espresso
