#include "state/validated_state.hpp"

#include <string>

namespace espresso {

Validated<void> ValidatedState::credit_deposit(const FeeInfo& deposit) {
  if (auto credited = fee_tree.credit(deposit.account, deposit.amount); !credited) {
    return reject(RejectReason::kStateOverflow,
                  "L1 deposit to " + deposit.account.to_hex() + ": " + credited.error().message);
  }
  return {};
}

Validated<void> ValidatedState::charge_fee(const FeeInfo& fee, const Address& recipient) {
  if (fee.amount == 0) return {};
  const U256 held = balance(fee.account);
  if (held < fee.amount) {
    return reject(RejectReason::kInsufficientBalance,
                  "builder account " + fee.account.to_hex() + " holds " + to_decimal(held) +
                      " wei, the block's fee is " + to_decimal(fee.amount) + " wei");
  }
  // With enough balance, the only failure left is the recipient's balance overflowing.
  if (auto moved = fee_tree.transfer(fee.account, recipient, fee.amount); !moved) {
    return reject(RejectReason::kStateOverflow, moved.error().message);
  }
  return {};
}

Validated<ValidatedState> apply_header(const ValidatedState& parent_state,
                                       const Header& parent_header, const Header& proposed,
                                       std::span<const FeeInfo> l1_deposits) {
  ValidatedState next = parent_state;
  if (auto pushed = next.block_tree.push(commit(parent_header).digest); !pushed) {
    return reject(RejectReason::kStateOverflow, "block tree: " + pushed.error().message);
  }
  for (const FeeInfo& deposit : l1_deposits) {
    if (auto credited = next.credit_deposit(deposit); !credited) {
      return tl::unexpected(std::move(credited).error());
    }
  }
  if (auto charged = next.charge_fee(proposed.fee_info, next.chain_config.fee_recipient);
      !charged) {
    return tl::unexpected(std::move(charged).error());
  }
  return next;
}

}  // namespace espresso
