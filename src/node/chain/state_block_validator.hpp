#pragma once
// consensus::BlockValidator over state/: decodes the proposed leaf's header, checks it with
// validate_proposal against the parent's state (payload size and commitment as this replica
// received them, the local clock, the version in force) and keeps the resulting state for the
// proposal's children.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <tl/expected.hpp>

#include "consensus/block_interfaces.hpp"
#include "node/chain/leaf_states.hpp"
#include "node/chain/unix_clock.hpp"
#include "state/rejection.hpp"

namespace espresso {

struct LeafRejection {
  // The header rule it breaks; nullopt when the leaf is malformed (header bytes, height or
  // parent link), or its parent's state is unknown or lacks the fee accounts the header names
  // (a state caught up from peers).
  std::optional<RejectReason> reason;
  std::string message;
};

class StateBlockValidator final : public consensus::BlockValidator {
 public:
  // `states` must outlive the validator; it is shared with the builder and the decide path.
  explicit StateBlockValidator(LeafStates& states, UnixClock clock = system_unix_seconds);

  Status validate(const consensus::Leaf& parent, const consensus::Leaf& proposed,
                  consensus::Version version, std::uint64_t payload_size) const override;

  // Called with each proposal's entry once it validates (NodeChain publishes it to the API).
  using ValidatedListener = std::function<void(const LeafState&)>;
  void set_listener(ValidatedListener listener) { listener_ = std::move(listener); }

  // validate() with the reason; on success the proposal's entry in the shared LeafStates.
  tl::expected<const LeafState*, LeafRejection> check(const consensus::Leaf& parent,
                                                      const consensus::Leaf& proposed,
                                                      consensus::Version version,
                                                      std::uint64_t payload_size) const;

 private:
  // BlockValidator::validate is const (it does not change the verdict on later calls); recording
  // the state a validation derived is the point of this class, so the store is held by pointer.
  LeafStates* states_;
  UnixClock clock_;
  ValidatedListener listener_;
};

}  // namespace espresso
